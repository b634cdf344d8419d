import { Anchor, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, exportHref, formatDay, formatPct, ProgressBar, useSessionOptions } from './lib';
import { ZONES, type ComplianceRow } from './types';

const KEYS = ['zone', 'session_id', 'sort'] as const;
const SORTS = ['entidad', 'overdue', 'fulfilled_pct', 'mean_progress'] as const;
const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
const COUNTS = ['commitments', 'proposed', 'approved', 'in_progress', 'overdue', 'fulfilled', 'cancelled'] as const;

export default function CompliancePage() {
  const { t } = useTranslation();
  const [q, setQ] = useSearchState(KEYS);
  const sessions = useSessionOptions();
  const data = useQuery({
    queryKey: [AG, 'compliance', q.zone, q.session_id],
    queryFn: () => get<{ as_of: string; rows: ComplianceRow[]; national: ComplianceRow | null; total: ComplianceRow }>('/api/agreements/compliance', { zone: q.zone, session_id: q.session_id }),
  });
  const sorted = (rows: ComplianceRow[]) => {
    const by = q.sort as (typeof SORTS)[number];
    if (by === 'overdue') return [...rows].sort((a, b) => b.overdue - a.overdue || (a.entidad ?? '').localeCompare(b.entidad ?? ''));
    if (by === 'fulfilled_pct' || by === 'mean_progress') return [...rows].sort((a, b) => desc(a[by], b[by]) || (a.entidad ?? '').localeCompare(b.entidad ?? ''));
    return rows;
  };
  const header = (k: (typeof COUNTS)[number]) => (k === 'commitments' ? t('ag.common.commitments') : t(`ag.status.${k}`));

  const row = (r: ComplianceRow, kind: 'entidad' | 'national' | 'total') => {
    const name = kind === 'total' ? t('ag.compliance.total') : kind === 'national' ? t('ag.compliance.nationalRow') : r.name;
    return (
      <Table.Tr key={kind === 'entidad' ? r.entidad : kind} className={kind === 'total' ? 'ag-total-row' : undefined} data-testid={`ag-compliance-row-${kind === 'entidad' ? r.entidad : kind}`}>
        <Table.Th scope="row" fw={kind === 'entidad' ? 500 : 700} style={{ background: kind === 'total' ? undefined : 'transparent' }}>
          {kind === 'entidad' && r.commitments ? <Anchor component={Link} to={`/acuerdos/compromisos?entidad=${r.entidad}${q.session_id ? `&session_id=${q.session_id}` : ''}`} size="sm">{name}</Anchor> : name}
        </Table.Th>
        <Table.Td>{r.zone ?? ''}</Table.Td>
        {COUNTS.map((k) => (
          <Table.Td key={k} ta="right" c={k === 'overdue' && r.overdue ? 'red.8' : r[k] ? undefined : 'dimmed'} fw={k === 'overdue' && r.overdue ? 700 : undefined}>{r[k]}</Table.Td>
        ))}
        <Table.Td ta="right" fw={600}>{formatPct(r.fulfilled_pct)}</Table.Td>
        <Table.Td>{r.mean_progress == null ? <Text size="xs" c="dimmed">—</Text> : <ProgressBar value={r.mean_progress} w={80} label={`${t('ag.compliance.mean')}: ${name}`} />}</Table.Td>
      </Table.Tr>
    );
  };

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('ag.compliance.title')}
        intro={`${t('ag.compliance.intro')}${data.data ? ` ${t('ag.common.asOf', { date: formatDay(data.data.as_of, 'long') })}.` : ''}`}
        testId="ag-compliance-title"
        actions={<Button component="a" href={exportHref('/api/agreements/export.xlsx', { session_id: q.session_id })} download variant="outline" data-testid="ag-compliance-xlsx">{t('ag.common.exportXlsx')}</Button>}
      />
      <Group align="end" gap="sm" role="search" aria-label={t('ag.common.filters')}>
        <Select label={t('ag.common.zone')} placeholder={t('ag.common.allZones')} clearable w={160} data={[...ZONES]} value={q.zone || null} onChange={(v) => setQ({ zone: v })} />
        <Select label={t('ag.board.session')} placeholder={t('ag.board.allSessions')} clearable searchable w={360} data={sessions} value={q.session_id || null} onChange={(v) => setQ({ session_id: v })} />
        <Select label={t('ag.compliance.sort')} w={200} allowDeselect={false} data={SORTS.map((k) => ({ value: k, label: t(`ag.compliance.sortBy.${k}`) }))} value={q.sort || 'entidad'} onChange={(v) => setQ({ sort: v === 'entidad' ? null : v })} />
      </Group>
      <ErrorAlert error={data.error} onRetry={() => void data.refetch()} />
      {data.isLoading ? <PageLoader /> : data.data ? (
        <Table.ScrollContainer minWidth={900} type="native">
          <Table className="sereno-table" data-testid="ag-compliance-table" bg="white">
            <Table.Caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t('ag.compliance.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('ag.common.entidad')}</Table.Th>
                <Table.Th scope="col">{t('ag.common.zone')}</Table.Th>
                {COUNTS.map((k) => <Table.Th key={k} scope="col" ta="right">{header(k)}</Table.Th>)}
                <Table.Th scope="col" ta="right">{t('ag.compliance.pct')}</Table.Th>
                <Table.Th scope="col" w={150}>{t('ag.compliance.mean')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted(data.data.rows).map((r) => row(r, 'entidad'))}
              {data.data.national ? row(data.data.national, 'national') : null}
            </Table.Tbody>
            <Table.Tfoot>{row(data.data.total, 'total')}</Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
