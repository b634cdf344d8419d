import { Card } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { PageHeader } from '../components/ui';
import { ChangePasswordForm } from './ChangePasswordForm';

/** "Cambiar contraseña" inside the shell (the forced variant before the shell is ChangePasswordPage). */
export default function AccountPasswordPage() {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  return (
    <div style={{ maxWidth: 820 }}>
      <PageHeader title={t('auth.changePasswordTitle')} intro={t('auth.changePasswordPageIntro')} testId="password-title" />
      <Card withBorder>
        <ChangePasswordForm onDone={() => void refresh()} />
      </Card>
    </div>
  );
}
