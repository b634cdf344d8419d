import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Yes/no dialog for consequential actions (deactivate, revoke, reset). */
export function ConfirmModal({ opened, title, message, confirmLabel, danger, loading, error, onConfirm, onClose }: {
  opened: boolean; title: string; message: string; confirmLabel: string; danger?: boolean; loading?: boolean; error?: unknown;
  onConfirm(): void; onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered>
      <Text size="sm" mb="md">{message}</Text>
      {error ? <Alert color="red" variant="light" role="alert" mb="sm">{(error as Error).message}</Alert> : null}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button color={danger ? 'red' : 'guinda'} loading={loading} onClick={onConfirm} data-testid="confirm-ok">{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}
