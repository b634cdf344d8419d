import { Anchor, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api';
import { useAuth } from '../../auth';
import { DataTable, type Column } from '../../components/DataTable';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, exportHref, formatDays, ProgressBar } from './lib';
import { SESSION_KINDS, ZONES, type SessionListItem } from './types';

const KEYS = ['q', 'kind', 'zone', 'year'] as const;
const PAGE_SIZE = 50;

export default function SessionsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [q, setQ] = useSearchState(KEYS);
  const list = useQuery({
    queryKey: [AG, 'sessions', q],
    queryFn: () => get<{ items: SessionListItem[]; total: number }>('/api/agreements/sessions', { ...q, page: q.page, page_size: PAGE_SIZE }),
  });
  const years = Array.from({ length: new Date().getFullYear() - 2008 + 1 }, (_, i) => String(new Date().getFullYear() - i));

  const columns: Column<SessionListItem>[] = [
    { key: 'date', header: t('ag.common.dates'), width: 150, render: (s) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDays(s.date, s.end_date)}</Text> },
    {
      key: 'name', header: t('ag.common.session'), render: (s) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/acuerdos/sesiones/${s.id}`} size="sm" fw={600} data-testid={`ag-session-link-${s.id}`}>{s.name}</Anchor>
          <Text size="xs" c="dimmed">{t(`ag.sessionKind.${s.kind}`, { defaultValue: s.kind })}</Text>
        </Stack>
      ),
    },
    { key: 'zone', header: t('ag.common.zone'), render: (s) => (s.zone ? <Badge variant="outline" color="gray" radius="sm">{s.zone}</Badge> : '—') },
    { key: 'place', header: t('ag.common.place'), render: (s) => [s.place, s.entidad_name && s.entidad_name !== s.place ? s.entidad_name : null].filter(Boolean).join(', ') || '—' },
    { key: 'agreements', header: t('ag.common.acuerdos'), numeric: true, render: (s) => s.agreements },
    { key: 'transitory', header: t('ag.common.transitorios'), numeric: true, render: (s) => s.transitory },
    { key: 'commitments', header: t('ag.common.commitments'), numeric: true, render: (s) => s.commitments },
    { key: 'progress', header: t('ag.common.progress'), width: 190, render: (s) => <ProgressBar value={s.progress} w={100} label={`${t('ag.common.progress')}: ${s.name}`} /> },
  ];

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('ag.sessions.title')}
        intro={t('ag.sessions.intro')}
        testId="ag-sessions-title"
        actions={<>
          <Button component="a" href={exportHref('/api/agreements/export.xlsx', {})} variant="outline" download>{t('ag.common.exportXlsx')}</Button>
          {can('agreement.manage') && <Button component={Link} to="/acuerdos/importar" data-testid="ag-sessions-import">{t('ag.sessions.importBtn')}</Button>}
        </>}
      />
      <Group align="end" wrap="wrap" gap="sm" role="search" aria-label={t('ag.common.filters')}>
        <TextInput label={t('ag.sessions.q')} defaultValue={q.q} w={260} onKeyDown={(e) => { if (e.key === 'Enter') setQ({ q: e.currentTarget.value }); }} onBlur={(e) => { if (e.currentTarget.value !== q.q) setQ({ q: e.currentTarget.value }); }} />
        <Select label={t('ag.common.kind')} placeholder={t('ag.common.allKinds')} clearable w={210} data={SESSION_KINDS.map((k) => ({ value: k, label: t(`ag.sessionKind.${k}`) }))} value={q.kind || null} onChange={(v) => setQ({ kind: v })} />
        <Select label={t('ag.common.zone')} placeholder={t('ag.common.allZones')} clearable w={160} data={[...ZONES]} value={q.zone || null} onChange={(v) => setQ({ zone: v })} />
        <Select label={t('ag.common.year')} clearable searchable w={110} data={years} value={q.year || null} onChange={(v) => setQ({ year: v })} />
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(s) => s.id} loading={list.isLoading} caption={t('ag.sessions.caption')} testId="ag-sessions-table" />
      {list.data ? <Pager page={q.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
