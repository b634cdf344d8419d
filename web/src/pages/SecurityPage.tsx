import { Alert, Badge, Button, Card, Group, Image, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { useAuth, useMe } from '../auth';
import { formErrors } from '../components/forms';
import { PageHeader } from '../components/ui';
import { ChangePasswordForm } from './ChangePasswordForm';

interface TotpSetup { secret: string; otpauth_url: string; qr_svg: string }

/** Password change and TOTP set-up (QR from qr_svg, confirm with a code) or removal. */
export default function SecurityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');

  const start = useMutation({ mutationFn: () => post<TotpSetup>('/api/auth/totp/setup'), onSuccess: (s) => { setSetup(s); setCode(''); } });
  const enable = useMutation({
    mutationFn: () => post('/api/auth/totp/enable', { code: code.trim() }),
    onSuccess: async () => {
      notifications.show({ color: 'verde', message: t('security.enabled') });
      setSetup(null);
      setCode('');
      await refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () => post('/api/auth/totp/disable', { password }),
    onSuccess: async () => {
      notifications.show({ color: 'verde', message: t('security.disabled') });
      setPassword('');
      await refresh();
    },
  });

  const enableErr = formErrors(enable.error, ['code']);
  const disableErr = formErrors(disable.error, ['password']);
  const qrSrc = setup ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}` : '';

  return (
    <Stack gap="lg" maw={820}>
      <PageHeader title={t('security.title')} intro={t('security.intro')} testId="security-title" />

      <Card withBorder component="section" aria-labelledby="totp-h">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz={17} id="totp-h">{t('security.totpTitle')}</Title>
          <Badge color={me.totp_enabled ? 'verde' : 'gray'} variant="light" data-testid="totp-status">
            {me.totp_enabled ? t('security.totpOn') : t('security.totpOff')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" mb="md">{t('security.totpExplain')}</Text>

        {!me.totp_enabled && !setup && (
          <>
            {start.error ? <Alert color="red" variant="light" role="alert" mb="sm">{(start.error as Error).message}</Alert> : null}
            <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="totp-start">{t('security.startSetup')}</Button>
          </>
        )}

        {!me.totp_enabled && setup && (
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); enable.mutate(); }} noValidate>
            <Stack gap="sm">
              <Text size="sm">{t('security.scanQr')}</Text>
              <Group align="flex-start" gap="lg">
                <Image src={qrSrc} alt={t('security.qrAlt')} w={200} h={200} fit="contain" bg="white" p={4} style={{ border: '1px solid var(--mantine-color-gray-3)' }} data-testid="totp-qr" />
                <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
                  <Text size="sm" fw={600}>{t('security.secret')}</Text>
                  <Text className="sereno-mono" data-testid="totp-secret">{setup.secret}</Text>
                </Stack>
              </Group>
              {enableErr.general && <Alert color="red" variant="light" role="alert">{enableErr.general}</Alert>}
              <TextInput label={t('security.confirmCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={8} required maw={220}
                value={code} onChange={(e) => setCode(e.currentTarget.value)} error={enableErr.field('code')} data-testid="totp-code" />
              <Group gap="xs">
                <Button type="submit" loading={enable.isPending} data-testid="totp-enable">{t('security.enable')}</Button>
                <Button variant="default" onClick={() => setSetup(null)}>{t('common.cancel')}</Button>
              </Group>
            </Stack>
          </form>
        )}

        {me.totp_enabled && (
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); disable.mutate(); }} noValidate>
            <Stack gap="sm" maw={420}>
              <Text size="sm" fw={600}>{t('security.disableTitle')}</Text>
              {disableErr.general && <Alert color="red" variant="light" role="alert">{disableErr.general}</Alert>}
              <PasswordInput label={t('auth.password')} description={t('security.disableHelp')} autoComplete="current-password" required
                value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={disableErr.field('password')} data-testid="totp-disable-password" />
              <Button type="submit" color="red" variant="outline" loading={disable.isPending} style={{ alignSelf: 'flex-start' }} data-testid="totp-disable">{t('security.disable')}</Button>
            </Stack>
          </form>
        )}
      </Card>

      <Card withBorder component="section" aria-labelledby="pw-h">
        <Title order={2} fz={17} mb="sm" id="pw-h">{t('security.passwordTitle')}</Title>
        <ChangePasswordForm onDone={() => void refresh()} />
      </Card>
    </Stack>
  );
}
