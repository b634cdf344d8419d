import { Alert, Anchor, Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { DataTable, type Column } from '../../components/DataTable';
import { Pager } from '../../components/lists';
import { EntidadSelect } from '../../components/selects';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, formatDay, NO_TRUNCATE, useInvalidate } from './lib';
import type { Notification } from './types';

const KEYS = ['unread', 'entidad'] as const;
const PAGE_SIZE = 50;

export default function NotificationsPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const invalidate = useInvalidate();
  const entidadName = useEntidadName();
  const national = me?.view_scope === 'national';
  const [q, setQ] = useSearchState(KEYS);
  const [sweep, setSweep] = useState<{ marked_overdue: number; reminders: number; overdue_notifications: number } | null>(null);
  const list = useQuery({
    queryKey: [AG, 'notifications', q],
    queryFn: () => get<{ items: Notification[]; total: number }>('/api/agreements/notifications', { unread: q.unread, entidad: national ? q.entidad : undefined, page: q.page, page_size: PAGE_SIZE }),
  });
  const read = useMutation({ mutationFn: (id: number) => post(`/api/agreements/notifications/${id}/read`), onSuccess: () => void invalidate() });
  const run = useMutation({
    mutationFn: () => post<{ marked_overdue: number; reminders: number; overdue_notifications: number }>('/api/agreements/reminders/run'),
    onSuccess: (r) => { setSweep(r); void invalidate(); },
  });

  const message = (n: Notification) => {
    const p = n.params ?? {};
    const args = { date: formatDay(p.due_date ?? n.due_date), deliverable: p.deliverable ?? '', agreement: p.agreement ?? '' };
    return n.kind === 'overdue' ? t('ag.notifications.overdue', args) : t('ag.notifications.reminder', { ...args, count: p.days_left ?? 0 });
  };

  const columns: Column<Notification>[] = [
    { key: 'kind', header: t('ag.common.kind'), width: 120, render: (n) => <Badge color={n.kind === 'overdue' ? 'red' : 'yellow'} variant={n.kind === 'overdue' ? 'filled' : 'light'} radius="sm" styles={NO_TRUNCATE}>{t(`ag.notifications.kind.${n.kind}`)}</Badge> },
    {
      key: 'message', header: t('ag.notifications.message'), render: (n) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/acuerdos/compromisos/${n.commitment_id}`} size="sm" fw={n.read_at ? 400 : 700}>{message(n)}</Anchor>
          {national && n.entidad ? <Text size="xs" c="dimmed">{entidadName(n.entidad)}</Text> : null}
        </Stack>
      ),
    },
    { key: 'due', header: t('ag.common.dueDate'), width: 120, render: (n) => formatDay(n.due_date) },
    { key: 'created', header: t('ag.notifications.received'), width: 160, render: (n) => formatDateTime(n.created_at) },
    {
      key: 'read', header: t('ag.common.status'), width: 150, render: (n) => (n.read_at
        ? <Text size="xs" c="dimmed">{t('ag.notifications.read')}</Text>
        : <Button size="compact-xs" variant="outline" onClick={() => read.mutate(n.id)} loading={read.isPending && read.variables === n.id}>{t('ag.notifications.markRead')}</Button>),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('ag.notifications.title')}
        intro={t('ag.notifications.intro')}
        testId="ag-notifications-title"
        actions={can('agreement.manage') ? <Button variant="outline" onClick={() => run.mutate()} loading={run.isPending} data-testid="ag-run-sweep">{t('ag.notifications.runSweep')}</Button> : undefined}
      />
      {sweep ? <Alert color="verde" variant="light" withCloseButton onClose={() => setSweep(null)}>{t('ag.notifications.sweepDone', { overdue: sweep.marked_overdue, reminders: sweep.reminders })}</Alert> : null}
      <ErrorAlert error={run.error ?? read.error} />
      <Group align="end" gap="md">
        {national ? <EntidadSelect label={t('ag.notifications.audience')} placeholder={t('ag.notifications.stAudience')} w={260} value={q.entidad || null} onChange={(v) => setQ({ entidad: v })} /> : null}
        <Switch label={t('ag.notifications.unread')} checked={q.unread === 'true'} onChange={(e) => setQ({ unread: e.currentTarget.checked ? 'true' : null })} mb={8} />
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(n) => n.id} loading={list.isLoading} caption={t('ag.notifications.caption')} testId="ag-notifications-table" />
      {list.data ? <Pager page={q.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
