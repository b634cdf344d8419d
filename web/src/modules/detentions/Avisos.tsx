import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Aviso } from './types';

/**
 * Data-quality warnings the API computes for a record (a CURP that contradicts the name, sex, birth date or age; an
 * age that contradicts the birth date). They never block a registration; they are shown so the capturist can correct.
 */
export function Avisos({ avisos }: { avisos?: Aviso[] }) {
  const { t } = useTranslation();
  if (!avisos?.length) return null;
  return (
    <Alert color="yellow" title={t('det.avisos.title')} data-testid="det-avisos">
      <Text size="sm" mb={4}>{t('det.avisos.intro')}</Text>
      <List size="sm">{avisos.map((a) => <List.Item key={a.code} data-testid={`det-aviso-${a.code}`}>{a.message}</List.Item>)}</List>
    </Alert>
  );
}
