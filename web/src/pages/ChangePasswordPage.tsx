import { Box, Button, Container, Group, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { LangSwitch } from '../components/LangSwitch';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Forced page while must_change_password: the server refuses everything else (403 password_change_required). */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { me, refresh, logout } = useAuth();
  return (
    <Box className="sereno-login-bg">
      <Container size={480} pt={48} pb="xl">
        <Group justify="space-between" mb="lg" className="sereno-on-dark">
          <Text className="sereno-wordmark" component="div">Sereno</Text>
          <Group gap="xs">
            <LangSwitch onDark />
            <Button size="compact-sm" variant="white" onClick={() => void logout()} data-testid="logout">{t('auth.logout')}</Button>
          </Group>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main" id="main">
          <Title order={1} fz={22} mb={4} data-testid="change-password-title">{t('auth.changePasswordTitle')}</Title>
          {me && <Text size="sm" fw={600} mb={4}>{me.display_name} ({me.username})</Text>}
          <Text size="sm" c="dimmed" mb="md">{t('auth.changePasswordIntro')}</Text>
          <ChangePasswordForm onDone={() => void refresh()} />
        </Paper>
      </Container>
    </Box>
  );
}
