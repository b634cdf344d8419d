import { Alert, Anchor, Badge, Button, Card, Group, Image, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { post } from '../api';
import { useAuth, useMe } from '../auth';
import { formErrors } from '../components/forms';
import { PageHeader } from '../components/ui';

interface TotpSetup { secret: string; otpauth_url: string; qr_svg: string }

/** Two-step verification: set up (QR from qr_svg and the secret, confirmed with a code) or turn off (with the password). */
export default function SecurityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codeTouched, setCodeTouched] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordTouched, setPasswordTouched] = useState(false);

  const start = useMutation({ mutationFn: () => post<TotpSetup>('/api/auth/totp/setup'), onSuccess: (s) => { setSetup(s); setCode(''); setCodeTouched(false); } });
  const enable = useMutation({
    mutationFn: () => post('/api/auth/totp/enable', { code: code.replace(/\s+/g, '') }),
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
      setPasswordTouched(false);
      await refresh();
    },
  });

  const enableErr = formErrors(enable.error, ['code'], { totp_invalid: 'code' });
  const disableErr = formErrors(disable.error, ['password'], { invalid_credentials: 'password' });
  const qrSrc = setup ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}` : '';

  const submitEnable = (e: FormEvent) => {
    e.preventDefault();
    setCodeTouched(true);
    if (code.trim()) enable.mutate();
  };
  const submitDisable = (e: FormEvent) => {
    e.preventDefault();
    setPasswordTouched(true);
    if (password) disable.mutate();
  };

  return (
    <Stack gap="lg" maw={820}>
      <PageHeader title={t('security.title')} intro={t('security.intro')} testId="security-title" />

      <Card withBorder component="section" aria-label={t('security.totpTitle')}>
        <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" c="dimmed">{t('security.totpExplain')}</Text>
          <Badge color={me.totp_enabled ? 'verde' : 'gray'} variant="light" data-testid="totp-status" style={{ flexShrink: 0 }}>
            {me.totp_enabled ? t('security.totpOn') : t('security.totpOff')}
          </Badge>
        </Group>

        {!me.totp_enabled && !setup && (
          <Stack gap="sm" align="flex-start" mt="sm">
            {start.error ? <Alert color="red" variant="light" role="alert">{(start.error as Error).message}</Alert> : null}
            <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="totp-start">{t('security.startSetup')}</Button>
          </Stack>
        )}

        {!me.totp_enabled && setup && (
          <form onSubmit={submitEnable} noValidate>
            <Stack gap="sm" mt="sm">
              <Text size="sm">{t('security.scanQr')}</Text>
              <Group align="flex-start" gap="lg">
                <Image src={qrSrc} alt={t('security.qrAlt')} w={200} h={200} fit="contain" bg="white" p={4} style={{ border: '1px solid var(--mantine-color-gray-3)' }} data-testid="totp-qr" />
                <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
                  <Text size="sm" fw={600} id="totp-secret-label">{t('security.secret')}</Text>
                  <Text className="sereno-mono" data-testid="totp-secret" aria-labelledby="totp-secret-label">{setup.secret}</Text>
                </Stack>
              </Group>
              {enableErr.general && <Alert color="red" variant="light" role="alert">{enableErr.general}</Alert>}
              <TextInput label={t('security.confirmCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={8} required maw={220}
                value={code} onChange={(e) => setCode(e.currentTarget.value)}
                error={enableErr.field('code') ?? (codeTouched && !code.trim() ? t('security.codeRequired') : undefined)} data-testid="totp-code" />
              <Group gap="xs">
                <Button type="submit" loading={enable.isPending} data-testid="totp-enable">{t('security.enable')}</Button>
                <Button variant="default" onClick={() => { setSetup(null); enable.reset(); }}>{t('common.cancel')}</Button>
              </Group>
            </Stack>
          </form>
        )}

        {me.totp_enabled && (
          <form onSubmit={submitDisable} noValidate>
            <Stack gap="sm" maw={420} mt="sm">
              <Text size="sm" fw={600}>{t('security.disableTitle')}</Text>
              {disableErr.general && <Alert color="red" variant="light" role="alert">{disableErr.general}</Alert>}
              <PasswordInput label={t('auth.password')} description={t('security.disableHelp')} autoComplete="current-password" required
                value={password} onChange={(e) => setPassword(e.currentTarget.value)}
                error={disableErr.field('password') ?? (passwordTouched && !password ? t('security.passwordRequired') : undefined)} data-testid="totp-disable-password" />
              <Button type="submit" color="red" variant="outline" loading={disable.isPending} style={{ alignSelf: 'flex-start' }} data-testid="totp-disable">{t('security.disable')}</Button>
            </Stack>
          </form>
        )}
      </Card>

      <Text size="sm">
        <Anchor component={Link} to="/cambiar-contrasena" data-testid="security-password-link">{t('nav.password')}</Anchor>
      </Text>
    </Stack>
  );
}
