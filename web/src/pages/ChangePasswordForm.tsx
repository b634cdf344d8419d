import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { formErrors } from '../components/forms';

/** Current + new + confirmation; POST /api/auth/password. */
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
  const fe = formErrors(change.error, ['current_password', 'new_password']);
  const tooShort = touched && next.length > 0 && next.length < 12;
  const mismatch = touched && confirm.length > 0 && confirm !== next;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (next.length < 12 || next !== confirm) return;
    change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        {fe.general && <Alert color="red" variant="light" role="alert">{fe.general}</Alert>}
        <PasswordInput label={t('auth.currentPassword')} autoComplete="current-password" required value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)} error={fe.field('current_password')} data-testid="password-current" />
        <PasswordInput label={t('auth.newPassword')} autoComplete="new-password" required value={next}
          onChange={(e) => setNext(e.currentTarget.value)} error={fe.field('new_password') ?? (tooShort ? t('auth.passwordTooShort') : undefined)} data-testid="password-new" />
        <PasswordInput label={t('auth.confirmPassword')} autoComplete="new-password" required value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? t('auth.passwordMismatch') : undefined} data-testid="password-confirm" />
        <Button type="submit" loading={change.isPending} data-testid="password-submit" style={{ alignSelf: 'flex-start' }}>{t('auth.changePasswordSubmit')}</Button>
      </Stack>
    </form>
  );
}
