/** "Objetivos prioritarios": list with filters. data-testids: targets-list, targets-q, targets-filter-status, target-row-<id>, targets-new. */
import { Anchor, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/lists';
import { personName } from '../../components/person';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../format';
import { useSearchState } from '../../useSearchState';
import type { Target } from './types';

const KEYS = ['status', 'q'] as const;
const PAGE = 50;
export const targetStatusColor: Record<string, string> = { active: 'green', suspended: 'yellow', closed: 'gray' };

export default function TargetsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const entidadName = useEntidadName();
  const [q, setQ] = useSearchState(KEYS);
  const list = useQuery({
    queryKey: ['targets', 'list', q],
    queryFn: () => api<{ items: Target[]; total: number }>('/api/targets', { query: { status: q.status, q: q.q.length >= 2 ? q.q : undefined, page: q.page, page_size: PAGE } }),
  });
  return (
    <Stack>
      <PageHeader title={t('wl.list.title')} intro={t('wl.list.intro')} testId="targets-title"
        actions={can('watchlist.manage') ? <Button component={Link} to="/objetivos/nuevo" data-testid="targets-new">{t('wl.list.new')}</Button> : null} />
      <Group align="end">
        <TextInput label={t('wl.list.q')} defaultValue={q.q} data-testid="targets-q" onKeyDown={(e) => { if (e.key === 'Enter') setQ({ q: e.currentTarget.value.trim() }); }} />
        <Select label={t('wl.list.status')} clearable w={180} placeholder={t('wl.list.all')} data-testid="targets-filter-status"
          data={['active', 'suspended', 'closed'].map((v) => ({ value: v, label: t(`wl.status.${v}`) }))} value={q.status || null} onChange={(v) => setQ({ status: v })} />
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <DataTable<Target>
        caption={t('wl.list.title')} testId="targets-list" loading={list.isLoading} rows={list.data?.items} rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-testid': `target-row-${r.id}` })}
        columns={[
          { key: 'id', header: t('wl.list.id'), width: 70, render: (r) => <Anchor component={Link} to={`/objetivos/${r.id}`} ff="monospace">#{r.id}</Anchor> },
          { key: 'persona', header: t('wl.list.persona'), render: (r) => <div><Text size="sm" fw={600}>{personName(r.persona)}</Text>{r.persona.alias?.length ? <Text size="xs" c="dimmed">«{r.persona.alias.join('», «')}»</Text> : null}</div> },
          { key: 'class', header: t('wl.list.classification'), render: (r) => t(`wl.classification.${r.classification}`, { defaultValue: r.classification }) },
          { key: 'entidad', header: t('wl.list.entidad'), render: (r) => entidadName(r.entidad) },
          { key: 'inst', header: t('wl.list.institution'), render: (r) => r.institution_name },
          { key: 'until', header: t('wl.list.validUntil'), render: (r) => formatDate(r.valid_until) },
          { key: 'created', header: t('wl.list.created'), render: (r) => formatDateTime(r.created_at) },
          { key: 'status', header: t('wl.list.status'), render: (r) => <Badge color={targetStatusColor[r.status]} variant="light">{t(`wl.status.${r.status}`)}</Badge> },
        ]}
      />
      {list.data ? <Pager page={q.page} pageSize={PAGE} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
