import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api';

/** Page title (h1) with an optional intro line and actions on the right. */
export function PageHeader({ title, intro, actions, testId }: { title: string; intro?: string; actions?: ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
      <div>
        <Title order={1} fz={24} c="guinda.8" data-testid={testId}>{title}</Title>
        {intro && <Text c="dimmed" size="sm" mt={2} maw={760}>{intro}</Text>}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/** Red alert with the server's message for a failed request. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" title={title ?? t('common.errorTitle')} role="alert" mb="sm">
      <Text size="sm">{message}</Text>
      {onRetry && <Button mt="xs" size="xs" variant="outline" color="red" onClick={onRetry}>{t('common.retry')}</Button>}
    </Alert>
  );
}

/** Centered spinner with an accessible label. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm" size="sm" c="dimmed">{t('app.loading')}</Text>
    </Center>
  );
}

/** "Not allowed" page for routes whose permission the user lacks. */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" gap="sm" data-testid="forbidden">
      <Title order={1} fz={24}>{t('errors.forbiddenTitle')}</Title>
      <Text>{t('errors.forbidden')}</Text>
      <Button component={Link} to="/" variant="outline">{t('errors.backHome')}</Button>
    </Stack>
  );
}

/** Page for unknown addresses. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" gap="sm" data-testid="not-found">
      <Title order={1} fz={24}>{t('errors.notFoundTitle')}</Title>
      <Text>{t('errors.notFound')}</Text>
      <Button component={Link} to="/" variant="outline">{t('errors.backHome')}</Button>
    </Stack>
  );
}
