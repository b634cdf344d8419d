import { Alert, Anchor, Badge, Button, Code, Drawer, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { useEntidadName } from '../../catalogs';
import { DataTable, type Column } from '../../components/DataTable';
import { EntidadSelect } from '../../components/selects';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime, formatNumber, mxDayToIso } from '../../format';
import type { AuditRow, Paged } from '../../types';
import { useSearchState } from '../../useSearchState';

const PAGE_SIZE = 50;
const FILTERS = ['action', 'actor', 'entidad', 'entity_type', 'entity_id', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

interface VerifyResult { ok: boolean; checked: number; first_broken_id: number | null; reason: string | null }

/** The audit log: filters, newest-first table, detail drawer (JSON details, hashes) and the hash-chain check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const entidadName = useEntidadName();
  const [f, setF] = useSearchState(FILTERS);
  const [draft, setDraft] = useState<Filters>(() => pick(f));
  useEffect(() => { setDraft(pick(f)); }, [f.action, f.actor, f.entidad, f.entity_type, f.entity_id, f.from, f.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const [open, setOpen] = useState<AuditRow | null>(null);

  const list = useQuery({
    queryKey: ['audit', f],
    queryFn: ({ signal }) => get<Paged<AuditRow>>('/api/audit', {
      action: f.action, actor: f.actor, entidad: f.entidad, entity_type: f.entity_type, entity_id: f.entity_id,
      from: f.from ? mxDayToIso(f.from) : undefined, to: f.to ? mxDayToIso(f.to, true) : undefined, page: f.page, page_size: PAGE_SIZE,
    }, signal),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => get<VerifyResult>('/api/audit/verify') });

  const apply = (e: FormEvent) => { e.preventDefault(); setF({ ...draft }); };
  const clear = () => { const empty = Object.fromEntries(FILTERS.map((k) => [k, null])); setF(empty); };
  const field = (k: keyof Filters) => ({ value: draft[k], onChange: (e: ChangeEvent<HTMLInputElement>) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, [k]: v })); } });

  const columns: Column<AuditRow>[] = [
    { key: 'id', header: '#', width: 80, numeric: true, render: (r) => <Anchor component="button" type="button" size="sm" onClick={() => setOpen(r)} aria-label={t('audit.openRow', { id: r.id })} data-testid={`audit-open-${r.id}`}>{r.id}</Anchor> },
    { key: 'at', header: t('audit.at'), width: 170, render: (r) => formatDateTime(r.at) },
    { key: 'actor', header: t('audit.actor'), width: 200, render: (r) => <><Text size="sm">{r.actor_name ?? '—'}</Text><Text size="xs" c="dimmed">{t(`audit.actorType.${r.actor_type}`, { defaultValue: r.actor_type })}{r.actor_id != null ? ` #${r.actor_id}` : ''}</Text></> },
    { key: 'action', header: t('audit.action'), render: (r) => <Text className="sereno-mono">{r.action}</Text> },
    { key: 'entity', header: t('audit.entity'), width: 170, render: (r) => (r.entity_type ? <>
      <Text className="sereno-mono">{r.entity_type}{r.entity_id ? `:${r.entity_id}` : ''}</Text>
      {r.match && <Text size="xs" c="dimmed" data-testid={`audit-match-${r.id}`}>{t('audit.matchLine', { folio: r.match.folio, position: formatNumber(r.match.position), count: formatNumber(r.match.count) })}</Text>}
    </> : '—') },
    { key: 'entidad', header: t('audit.entidad'), width: 150, render: (r) => (r.entidad ? entidadName(r.entidad) : '—') },
    { key: 'ip', header: t('audit.ip'), width: 120, render: (r) => <Text className="sereno-mono">{r.ip ?? '—'}</Text> },
  ];

  const v = verify.data;
  return (
    <Stack gap="sm">
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} testId="audit-title"
        actions={<Button variant="outline" color="verde" onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">{t('audit.verify')}</Button>} />
      {verify.error ? <ErrorAlert error={verify.error} /> : null}
      {v && (
        <Alert color={v.ok ? 'verde' : 'red'} variant="light" role="status" data-testid="audit-verify-result" withCloseButton onClose={() => verify.reset()}>
          {v.ok ? t('audit.verifyOk', { checked: formatNumber(v.checked) })
            : v.first_broken_id != null ? t('audit.verifyBroken', { id: v.first_broken_id, checked: formatNumber(v.checked), reason: v.reason ?? '—' })
              : t('audit.verifyBrokenNoId', { checked: formatNumber(v.checked), reason: v.reason ?? '—' })}
        </Alert>
      )}
      <Paper withBorder p="sm" component="form" role="search" onSubmit={apply}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput label={t('audit.action')} placeholder="user.created" w={190} {...field('action')} data-testid="audit-filter-action" />
          <TextInput label={t('audit.actor')} w={160} {...field('actor')} data-testid="audit-filter-actor" />
          <EntidadSelect label={t('audit.entidad')} placeholder={t('common.all')} w={200} value={draft.entidad || null} onChange={(x) => setDraft((d) => ({ ...d, entidad: x ?? '' }))} data-testid="audit-filter-entidad" />
          <TextInput label={t('audit.entityType')} placeholder="user" w={140} {...field('entity_type')} data-testid="audit-filter-entity-type" />
          <TextInput label={t('audit.entityId')} w={110} {...field('entity_id')} data-testid="audit-filter-entity-id" />
          <TextInput type="date" label={t('audit.from')} w={150} {...field('from')} data-testid="audit-filter-from" />
          <TextInput type="date" label={t('audit.to')} w={150} {...field('to')} data-testid="audit-filter-to" />
          <Button type="submit" data-testid="audit-apply">{t('common.apply')}</Button>
          <Button variant="default" onClick={clear}>{t('common.clear')}</Button>
        </Group>
      </Paper>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(r) => r.id} loading={list.isFetching} caption={t('audit.title')} testId="audit-table"
        rowProps={(r) => ({ onDoubleClick: () => setOpen(r), style: { cursor: 'default' } })} />
      {list.data && <Pager page={f.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setF({ page: p })} />}

      <Drawer opened={!!open} onClose={() => setOpen(null)} position="right" size="xl" title={<Text fw={650}>{open ? t('audit.detailTitle', { id: open.id }) : ''}</Text>} data-testid="audit-drawer">
        {open && <AuditDetail row={open} entidadName={entidadName} />}
      </Drawer>
    </Stack>
  );
}

function pick(f: Filters): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, f[k] ?? ''])) as Filters;
}

function AuditDetail({ row: listed, entidadName }: { row: AuditRow; entidadName(code: string | null): string }) {
  const { t } = useTranslation();
  // The list sends long lists cut (a bulk batch row names 1,000 records): the drawer reads the row whole.
  const whole = useQuery({ queryKey: ['audit-row', listed.id], queryFn: ({ signal }) => get<AuditRow>(`/api/audit/${listed.id}`, undefined, signal), enabled: !!listed.details_truncated });
  const row = whole.data ?? listed;
  const m = listed.match;
  const rows: [string, ReactNode][] = [
    [t('audit.at'), formatDateTime(row.at)],
    [t('audit.actor'), <>{row.actor_name ?? '—'} <Badge size="xs" variant="light" ml={4}>{t(`audit.actorType.${row.actor_type}`, { defaultValue: row.actor_type })}</Badge>{row.actor_id != null ? ` #${row.actor_id}` : ''}</>],
    [t('audit.action'), <Text className="sereno-mono" span>{row.action}</Text>],
    [t('audit.entity'), row.entity_type ? <Text className="sereno-mono" span>{row.entity_type}{row.entity_id ? `:${row.entity_id}` : ''}</Text> : '—'],
    [t('audit.entidad'), row.entidad ? entidadName(row.entidad) : '—'],
    [t('audit.reason'), row.reason ?? '—'],
    [t('audit.ip'), row.ip ?? '—'],
    [t('audit.userAgent'), <Text size="xs" span>{row.user_agent ?? '—'}</Text>],
    [t('audit.requestId'), <Text className="sereno-mono" span>{row.request_id ?? '—'}</Text>],
    ...(m ? [[t('audit.match'), <span data-testid="audit-drawer-match">{t('audit.matchLine', { folio: m.folio, position: formatNumber(m.position), count: formatNumber(m.count) })}<br />
      <Text size="xs" c="dimmed" span>{t('audit.matchIds', { id: m.id ?? '—', external_id: m.external_id ?? '—' })}</Text></span>] as [string, ReactNode]] : []),
  ];
  return (
    <Stack gap="md">
      <Table variant="vertical" layout="fixed" withTableBorder className="sereno-table">
        <Table.Tbody>
          {rows.map(([k, v]) => <Table.Tr key={k}><Table.Th w={170}>{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
      <div>
        <Text fw={600} size="sm" mb={4}>{t('audit.detailsJson')}</Text>
        {whole.isFetching && <Text size="xs" c="dimmed" mb={4}>{t('audit.detailsLoading')}</Text>}
        <ErrorAlert error={whole.error} onRetry={() => void whole.refetch()} />
        <Code block data-testid="audit-details-json" style={{ maxHeight: 360, overflow: 'auto' }}>{JSON.stringify(row.details, null, 2)}</Code>
      </div>
      <div>
        <Text fw={600} size="sm" mb={4}>{t('audit.hash')}</Text>
        <Code block className="sereno-mono" data-testid="audit-hash">{row.hash}</Code>
      </div>
      {row.prev_hash !== undefined && (
        <div>
          <Text fw={600} size="sm" mb={4}>{t('audit.prevHash')}</Text>
          <Code block className="sereno-mono">{row.prev_hash ?? '—'}</Code>
        </div>
      )}
    </Stack>
  );
}
