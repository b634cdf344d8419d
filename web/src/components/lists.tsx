import { Button, Code, CopyButton, Group, Pagination, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';

// Pieces used only by code-split pages, kept out of the initial chunk.

/** Result count and page selector under a table. */
export function Pager({ page, pageSize, total, onChange }: { page: number; pageSize: number; total: number; onChange(page: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.results', { count: total, formatted: formatNumber(total) })} · {t('common.pageOf', { page, pages })}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          size="sm"
          withEdges
          aria-label={t('common.pagination')}
          getControlProps={(control) => ({ 'aria-label': control })}
        />
      )}
    </Group>
  );
}

/** A secret shown once (initial password, API key) with a copy button. */
export function SecretValue({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code block fz="md" style={{ flex: 1, userSelect: 'all' }} data-testid={testId}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
            <Button variant={copied ? 'filled' : 'outline'} color={copied ? 'verde' : 'guinda'} onClick={copy} data-testid="copy-secret">
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

