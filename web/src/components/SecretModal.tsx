import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { SecretValue } from './lists';

/** Shows a secret (initial password, API key) once, with a copy button; closing forgets it. */
export function SecretModal({ opened, title, intro, value, doneLabel, onClose, testId }: {
  opened: boolean; title: string; intro: string; value: string; doneLabel: string; onClose(): void; testId?: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered size="lg" closeOnClickOutside={false}>
      <Alert color="yellow" variant="light" mb="md"><Text size="sm">{intro}</Text></Alert>
      <SecretValue value={value} testId={testId} />
      <Group justify="flex-end" mt="lg">
        <Button onClick={onClose} data-testid="secret-done">{doneLabel}</Button>
      </Group>
    </Modal>
  );
}
