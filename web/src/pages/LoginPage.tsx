import { Alert, Anchor, Box, Button, Container, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api';
import { useAuth } from '../auth';
import { LangSwitch } from '../components/LangSwitch';
import { formErrors } from '../components/forms';
import { formatDateTime } from '../format';
import type { Me } from '../types';

/** Sign-in form; asks for the TOTP code when the server answers 401 totp_required. */
export default function LoginPage({ expired = false }: { expired?: boolean }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [touched, setTouched] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  const login = useMutation({
    mutationFn: () => post<{ user: Me }>('/api/auth/login', { username: username.trim(), password, ...(needTotp && totp ? { totp: totp.trim() } : {}) }),
    onSuccess: (r) => setMe(r.user),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setTouched(false);
        setTimeout(() => totpRef.current?.focus(), 0);
      }
    },
  });

  const err = login.error;
  const code = err instanceof ApiError ? err.code : null;
  const fe = formErrors(err, ['username', 'password', 'totp'], { totp_invalid: 'totp' });
  let message: string | null = null;
  if (err && code !== 'totp_required') {
    if (code === 'account_locked') {
      const until = err instanceof ApiError ? (err.details as { until?: string } | null)?.until : undefined;
      message = `${err.message} ${until ? t('auth.lockedUntil', { time: formatDateTime(until) }) : ''} ${t('auth.locked')}`.replace(/\s+/g, ' ');
    } else if (err instanceof ApiError && err.status === 429) message = `${err.message} ${t('auth.rateLimited')}`;
    else message = fe.general;
  }
  const missing = (v: string, key: string) => (touched && !v.trim() ? t(key) : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username.trim() || !password || (needTotp && !totp.trim())) return;
    login.mutate();
  };

  return (
    <Box className="sereno-login-bg">
      <Container size={440} pt={48} pb="xl">
        <Group justify="space-between" mb="lg" className="sereno-on-dark">
          <div>
            <Text className="sereno-wordmark" component="div">Sereno</Text>
            <Text size="sm" c="#f3e6ea">{t('app.tagline')}</Text>
          </div>
          <LangSwitch onDark />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main" id="main">
          <Title order={1} fz={22} mb={4}>{t('auth.loginTitle')}</Title>
          <Text size="sm" c="dimmed" mb="md">{t('auth.loginIntro')}</Text>
          {expired && !err && <Alert color="yellow" mb="sm" role="status">{t('auth.sessionExpired')}</Alert>}
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {message && <Alert color="red" variant="light" role="alert" data-testid="login-error">{message}</Alert>}
              {code === 'totp_required' && <Alert color="blue" variant="light" role="status">{err?.message}</Alert>}
              <TextInput
                label={t('auth.username')}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={fe.field('username') ?? missing(username, 'auth.requiredUsername')}
                data-testid="login-username"
                autoFocus
              />
              <PasswordInput
                label={t('auth.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fe.field('password') ?? (touched && !password ? t('auth.requiredPassword') : undefined)}
                data-testid="login-password"
              />
              {needTotp && (
                <TextInput
                  ref={totpRef}
                  label={t('auth.totp')}
                  description={t('auth.totpHelp')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  required
                  value={totp}
                  onChange={(e) => setTotp(e.currentTarget.value.replace(/\s+/g, ''))}
                  error={fe.field('totp') ?? missing(totp, 'auth.requiredTotp')}
                  data-testid="login-totp"
                />
              )}
              <Button type="submit" loading={login.isPending} fullWidth mt="xs" data-testid="login-submit">{t('auth.submit')}</Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed" mt="md">{t('auth.usageNotice')}</Text>
          <Anchor href="/consulta-detenciones" size="sm" mt="sm" display="block" data-testid="public-consulta-link">{t('auth.publicConsulta')}</Anchor>
        </Paper>
      </Container>
    </Box>
  );
}
