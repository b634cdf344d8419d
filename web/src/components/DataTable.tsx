import { Box, Center, Loader, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render(row: T): ReactNode;
  width?: number | string;
  /** Right-align numbers. */
  numeric?: boolean;
}

/** A dense, striped table with a caption for screen readers, a loading state and an empty state. */
export function DataTable<T>({ columns, rows, rowKey, loading, caption, testId, rowProps }: {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey(row: T): string | number;
  loading?: boolean;
  caption: string;
  testId?: string;
  rowProps?(row: T): Record<string, unknown>;
}) {
  const { t } = useTranslation();
  return (
    <Box pos="relative">
      <Table.ScrollContainer minWidth={720} type="native">
        <Table className="sereno-table" data-testid={testId} aria-busy={loading || undefined} bg="white">
          <Table.Caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => <Table.Th key={c.key} w={c.width} ta={c.numeric ? 'right' : undefined} scope="col">{c.header}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows ?? []).map((r) => (
              <Table.Tr key={rowKey(r)} {...(rowProps?.(r) ?? {})}>
                {columns.map((c) => <Table.Td key={c.key} ta={c.numeric ? 'right' : undefined}>{c.render(r)}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {loading && !rows?.length && (
        <Center py="lg" role="status"><Loader size="sm" aria-label={t('app.loading')} /></Center>
      )}
      {!loading && rows && rows.length === 0 && (
        <Text c="dimmed" size="sm" ta="center" py="lg" data-testid="table-empty">{t('common.noResults')}</Text>
      )}
    </Box>
  );
}
