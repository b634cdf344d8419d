import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Flag } from './types';

/** Legal-deadline flags as red badges. */
export function FlagBadges({ flags }: { flags: Flag[] }) {
  const { t } = useTranslation();
  if (!flags?.length) return null;
  // A narrow column cuts a long label ("Puesta a disposición demorada"): the whole label shows on hover.
  return <Group gap={4}>{flags.map((f) => <Badge key={f} color="red" variant="light" size="sm" title={t(`det.flag.${f}`)}>{t(`det.flag.${f}`)}</Badge>)}</Group>;
}
