import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { formErrors } from '../components/forms';

/** The server's rule (src/core/auth/passwords.ts): at least 12 characters and not the username. */
const MIN_LENGTH = 12;

/** Current + new + confirmation; POST /api/auth/password. A wrong current password is shown next to that field. */
export function ChangePasswordForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const change = useMutation({
    mutationFn: () => post('/api/auth/password', { current_password: current, new_password: next }),
    onSuccess: () => {
      notifications.show({ color: 'verde', message: t('auth.passwordChanged') });
      setCurrent(''); setNext(''); setConfirm(''); setTouched(false);
      onDone();
    },
  });
  const fe = formErrors(change.error, ['current_password', 'new_password'], { invalid_credentials: 'current_password', password_too_weak: 'new_password' });
  const missingCurrent = touched && current.length === 0;
  const tooShort = touched && next.length < MIN_LENGTH;
  const mismatch = touched && confirm !== next;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!current || next.length < MIN_LENGTH || next !== confirm) return;
    change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        {fe.general && <Alert color="red" variant="light" role="alert" data-testid="password-error">{fe.general}</Alert>}
        <PasswordInput label={t('auth.currentPassword')} autoComplete="current-password" required value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)} error={fe.field('current_password') ?? (missingCurrent ? t('security.passwordRequired') : undefined)} data-testid="password-current" />
        <PasswordInput label={t('auth.newPassword')} autoComplete="new-password" required value={next} description={t('auth.passwordRule')}
          onChange={(e) => setNext(e.currentTarget.value)} error={fe.field('new_password') ?? (tooShort ? t('auth.passwordTooShort') : undefined)} data-testid="password-new" />
        <PasswordInput label={t('auth.confirmPassword')} autoComplete="new-password" required value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? t('auth.passwordMismatch') : undefined} data-testid="password-confirm" />
        <Button type="submit" loading={change.isPending} data-testid="password-submit" style={{ alignSelf: 'flex-start' }}>{t('auth.changePasswordSubmit')}</Button>
      </Stack>
    </form>
  );
}
