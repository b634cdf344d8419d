import { Anchor, Group, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api';
import { DataTable, type Column } from '../../components/DataTable';
import { Pager } from '../../components/lists';
import { EntidadSelect } from '../../components/selects';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, DueText, exportHref, formatDay, ProgressBar, StatusBadge, useSessionOptions } from './lib';
import { STATUSES, ZONES, type BoardColumn, type Commitment } from './types';

const KEYS = ['view', 'zone', 'entidad', 'session_id', 'include_closed', 'status', 'overdue'] as const;
const PAGE_SIZE = 50;

const shownProgress = (c: Commitment) => (c.status === 'proposed' || c.status === 'cancelled' ? null : c.status === 'fulfilled' ? 100 : c.progress);

/** One entidad's column: counts by status and its commitments, overdue first. */
function Column({ col }: { col: BoardColumn }) {
  const { t } = useTranslation();
  const key = col.entidad ?? 'nacional';
  const open = col.counts.overdue + col.counts.in_progress + col.counts.approved + col.counts.proposed;
  return (
    <section className="ag-board-card" data-overdue={col.counts.overdue > 0} aria-labelledby={`ag-col-${key}`} data-testid={`ag-board-col-${key}`}>
      <Group justify="space-between" px="sm" py={8} wrap="nowrap" style={{ borderBottom: '1px solid #eeeae5' }}>
        <div>
          <Text component="h2" id={`ag-col-${key}`} fw={700} size="sm" m={0}>{col.entidad ? col.name : t('ag.common.national')}</Text>
          <Text size="xs" c="dimmed">{col.zone ?? (col.entidad ? '' : t('ag.common.secretariaTecnica'))}{col.zone ? ' · ' : ''}{open} {t('ag.board.open')}</Text>
        </div>
        <Group gap={4} wrap="wrap" justify="flex-end">
          {(['overdue', 'in_progress', 'approved', 'proposed', 'fulfilled'] as const).filter((s) => col.counts[s]).map((s) => (
            <StatusBadge key={s} status={s} size="xs" rightSection={<b>{col.counts[s]}</b>} />
          ))}
        </Group>
      </Group>
      {col.items.length ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('ag.board.column', { name: col.entidad ? col.name : t('ag.common.national') })}>
          {col.items.map((c) => (
            <li key={c.id} className="ag-board-item" data-status={c.status}>
              <Group justify="space-between" gap={6} wrap="nowrap" mb={2}>
                <StatusBadge status={c.status} size="xs" />
                <DueText c={c} />
              </Group>
              <Anchor component={Link} to={`/acuerdos/compromisos/${c.id}`} size="sm" fw={600} lineClamp={2} data-testid={`ag-board-item-${c.id}`}>{c.deliverable}</Anchor>
              <Text size="xs" c="dimmed" lineClamp={1}>{c.agreement_ordinal} · {c.session_name} ({formatDay(c.session_date)})</Text>
              {shownProgress(c) != null ? <ProgressBar value={shownProgress(c)} w={120} label={`${t('ag.common.progress')}: ${c.deliverable.slice(0, 60)}`} /> : null}
            </li>
          ))}
        </ul>
      ) : <Text size="xs" c="dimmed" p="sm">{t('ag.board.empty')}</Text>}
    </section>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const [q, setQ] = useSearchState(KEYS);
  const view = q.view === 'list' ? 'list' : 'board';
  const sessions = useSessionOptions();
  const board = useQuery({
    queryKey: [AG, 'board', q.zone, q.entidad, q.session_id, q.include_closed],
    queryFn: () => get<{ as_of: string; columns: BoardColumn[] }>('/api/agreements/commitments/board', { zone: q.zone, entidad: q.entidad, session_id: q.session_id, include_closed: q.include_closed }),
    enabled: view === 'board',
  });
  const list = useQuery({
    queryKey: [AG, 'commitments', 'list', q],
    queryFn: () => get<{ as_of: string; items: Commitment[]; total: number }>('/api/agreements/commitments', {
      zone: q.zone, entidad: q.entidad, session_id: q.session_id, status: q.status, overdue: q.overdue, page: q.page, page_size: PAGE_SIZE,
    }),
    enabled: view === 'list',
  });
  const asOf = view === 'board' ? board.data?.as_of : list.data?.as_of;

  const columns: Column<Commitment>[] = [
    { key: 'status', header: t('ag.common.status'), width: 110, render: (c) => <StatusBadge status={c.status} /> },
    { key: 'entidad', header: t('ag.common.responsible'), width: 170, render: (c) => c.responsible_name },
    { key: 'deliverable', header: t('ag.common.deliverable'), render: (c) => <Anchor component={Link} to={`/acuerdos/compromisos/${c.id}`} size="sm" lineClamp={2} data-testid={`ag-list-item-${c.id}`}>{c.deliverable}</Anchor> },
    { key: 'agreement', header: t('ag.board.agreement'), width: 240, render: (c) => <Text size="xs" lineClamp={2}>{c.agreement_ordinal} · {c.session_name}</Text> },
    { key: 'due', header: t('ag.common.dueDate'), width: 190, render: (c) => <DueText c={c} /> },
    { key: 'progress', header: t('ag.common.progress'), width: 150, render: (c) => <ProgressBar value={shownProgress(c)} w={70} label={`${t('ag.common.progress')}: ${c.id}`} /> },
  ];

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('ag.board.title')}
        intro={`${t('ag.board.intro')}${asOf ? ` ${t('ag.common.asOf', { date: formatDay(asOf, 'long') })}.` : ''}`}
        testId="ag-board-title"
        actions={<Anchor href={exportHref('/api/agreements/export.xlsx', { session_id: q.session_id, entidad: q.entidad })} download size="sm">{t('ag.common.exportXlsx')}</Anchor>}
      />
      <Group align="end" wrap="wrap" gap="sm" role="search" aria-label={t('ag.common.filters')}>
        <SegmentedControl value={view} onChange={(v) => setQ({ view: v === 'board' ? null : v })} data={[{ value: 'board', label: t('ag.board.viewBoard') }, { value: 'list', label: t('ag.board.viewList') }]} data-testid="ag-board-view" />
        <Select label={t('ag.common.zone')} placeholder={t('ag.common.allZones')} clearable w={150} data={[...ZONES]} value={q.zone || null} onChange={(v) => setQ({ zone: v })} />
        <EntidadSelect label={t('ag.common.entidad')} w={220} value={q.entidad || null} onChange={(v) => setQ({ entidad: v })} />
        <Select label={t('ag.board.session')} placeholder={t('ag.board.allSessions')} clearable searchable w={320} data={sessions} value={q.session_id || null} onChange={(v) => setQ({ session_id: v })} />
        {view === 'board' ? (
          <Switch label={t('ag.board.includeClosed')} checked={q.include_closed === 'true'} onChange={(e) => setQ({ include_closed: e.currentTarget.checked ? 'true' : null })} mb={8} />
        ) : (<>
          <Select label={t('ag.board.statusFilter')} placeholder={t('ag.board.allStatuses')} clearable w={170} data={STATUSES.map((s) => ({ value: s, label: t(`ag.status.${s}`) }))} value={q.status || null} onChange={(v) => setQ({ status: v })} />
          <Switch label={t('ag.board.overdueOnly')} checked={q.overdue === 'true'} onChange={(e) => setQ({ overdue: e.currentTarget.checked ? 'true' : null })} mb={8} />
        </>)}
      </Group>
      {view === 'board' ? (<>
        <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
        {board.isLoading ? <PageLoader /> : board.data && !board.data.columns.length ? (
          <Text c="dimmed" size="sm" data-testid="ag-board-empty">{t('ag.board.empty')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm" data-testid="ag-board">
            {board.data?.columns.map((c) => <Column key={c.entidad ?? 'nacional'} col={c} />)}
          </SimpleGrid>
        )}
      </>) : (<>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        <DataTable columns={columns} rows={list.data?.items} rowKey={(c) => c.id} loading={list.isLoading} caption={t('ag.board.caption')} testId="ag-commitments-table"
          rowProps={(c) => (c.status === 'overdue' ? { style: { boxShadow: 'inset 3px 0 0 #c92a2a' } } : {})} />
        {list.data ? <Pager page={q.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
      </>)}
    </Stack>
  );
}
