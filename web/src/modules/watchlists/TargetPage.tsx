/**
 * One priority target: data, history of versions, suspend/reactivate/close with a reason, and the alerts it raised.
 * data-testids: target-title, target-status, target-created-alerts, target-versions, target-alerts, target-action-<suspend|reactivate|close>,
 * target-action-reason, target-action-ok.
 */
import { Alert, Anchor, Badge, Button, Grid, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { useFormState } from '../../components/forms';
import { personName, ScoreBar } from '../../components/person';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../format';
import type { AlertView } from '../alerts/types';
import { targetStatusColor } from './TargetsPage';
import type { Target, TargetVersion } from './types';

type Action = 'suspend' | 'reactivate' | 'close';

export default function TargetPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const entidadName = useEntidadName();
  const target = useQuery({ queryKey: ['targets', id], queryFn: () => api<Target>(`/api/targets/${id}`) });
  const versions = useQuery({ queryKey: ['targets', id, 'versions'], queryFn: () => api<{ items: TargetVersion[] }>(`/api/targets/${id}/versions`), enabled: target.isSuccess });
  const alerts = useQuery({ queryKey: ['alerts', 'list', { target_id: id }], enabled: target.isSuccess && can('alert.read'),
    queryFn: () => api<{ items: AlertView[]; total: number }>('/api/alerts', { query: { target_id: id, page_size: 200 } }) });
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (a: Action) => api<Target>(`/api/targets/${id}/${a}`, { method: 'POST', body: { reason: reason.trim() } }),
    onSuccess: (tg) => { qc.setQueryData(['targets', id], tg); void qc.invalidateQueries({ queryKey: ['targets'] }); void qc.invalidateQueries({ queryKey: ['alerts'] }); setAction(null); setReason(''); },
  });
  const form = useFormState(change.error, ['reason']);
  if (target.isLoading) return <PageLoader />;
  if (target.error) return <ErrorAlert error={target.error} />;
  const tg = target.data!;
  const p = tg.persona;
  const created = params.get('alertas');
  const kv = (k: string, v: React.ReactNode) => <Table.Tr><Table.Th w={210}>{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>;
  const actions: Action[] = tg.status === 'active' ? ['suspend', 'close'] : tg.status === 'suspended' ? ['reactivate', 'close'] : [];
  return (
    <Stack>
      <PageHeader title={personName(p)} testId="target-title"
        intro={`${t('wl.detail.title', { id: tg.id })} · ${entidadName(tg.entidad)} · ${t('wl.detail.version')} ${tg.version}`}
        actions={<>
          <Badge size="lg" color={targetStatusColor[tg.status]} data-testid="target-status" data-status={tg.status}>{t(`wl.status.${tg.status}`)}</Badge>
          {can('watchlist.manage') ? actions.map((a) => (
            <Button key={a} size="xs" variant={a === 'close' ? 'outline' : 'light'} color={a === 'close' ? 'red' : undefined} onClick={() => { change.reset(); setAction(a); }} data-testid={`target-action-${a}`}>{t(`wl.detail.${a}`)}</Button>
          )) : null}
        </>} />
      {created !== null ? <Alert color="green" variant="light" data-testid="target-created-alerts">{t('wl.form.done', { count: Number(created) })}</Alert> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h5" mb="sm">{t('wl.form.person')}</Title>
            <Table fz="sm"><Table.Tbody>
              {kv(t('person.alias'), p.alias?.length ? p.alias.join(', ') : '—')}
              {kv('CURP', <Text span ff="monospace">{p.curp ?? '—'}</Text>)}
              {kv(t('wl.form.fechaNacimiento'), p.fecha_nacimiento ? formatDate(`${p.fecha_nacimiento}T12:00:00Z`) : '—')}
              {kv(t('wl.form.sexo'), p.sexo ? t(`person.sexoValue.${p.sexo}`) : '—')}
              {kv(t('wl.detail.photo'), tg.photo_ref ?? '—')}
            </Table.Tbody></Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h5" mb="sm">{t('wl.form.case')}</Title>
            <Table fz="sm"><Table.Tbody>
              {kv(t('wl.form.classification'), t(`wl.classification.${tg.classification}`, { defaultValue: tg.classification }))}
              {kv(t('wl.form.reason'), tg.reason)}
              {kv(t('wl.detail.validity'), `${formatDate(`${tg.valid_from}T12:00:00Z`)} → ${tg.valid_until ? formatDate(`${tg.valid_until}T12:00:00Z`) : '∞'}`)}
              {kv(t('wl.detail.issuer'), tg.institution_name)}
              {kv(t('wl.detail.contact'), [tg.contact.nombre, tg.contact.telefono, tg.contact.correo].filter(Boolean).join(' · '))}
              {kv(t('wl.detail.created'), `${tg.created_by?.name ?? '—'} · ${formatDateTime(tg.created_at)}`)}
              {tg.status_reason ? kv(t('wl.detail.statusReason'), tg.status_reason) : null}
            </Table.Tbody></Table>
          </Paper>
        </Grid.Col>
      </Grid>
      {can('alert.read') ? (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">{t('wl.detail.alerts')}</Title>
          {alerts.data?.items.length ? (
            <Table fz="sm" data-testid="target-alerts"><Table.Tbody>
              {alerts.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Anchor component={Link} to={`/alertas/${a.id}`} ff="monospace">#{a.id}</Anchor></Table.Td>
                  <Table.Td>{formatDateTime(a.created_at)}</Table.Td>
                  <Table.Td>{personName(a.hit.persona)} <Text span c="dimmed" size="xs" ff="monospace">{a.hit.label}</Text></Table.Td>
                  <Table.Td>{entidadName(a.hit.entidad)}</Table.Td>
                  <Table.Td><ScoreBar score={a.score} /></Table.Td>
                  <Table.Td><Badge variant="light">{t(`al.status.${a.status}`)}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody></Table>
          ) : <Text c="dimmed" size="sm" data-testid="target-alerts-empty">{t('wl.detail.noAlerts')}</Text>}
        </Paper>
      ) : null}
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="sm">{t('wl.detail.versions')}</Title>
        <Table fz="sm" data-testid="target-versions">
          <Table.Thead><Table.Tr><Table.Th>{t('wl.detail.version')}</Table.Th><Table.Th>{t('wl.detail.at')}</Table.Th><Table.Th>{t('wl.detail.by')}</Table.Th><Table.Th>{t('wl.list.persona')}</Table.Th><Table.Th>{t('wl.list.status')}</Table.Th><Table.Th>{t('wl.detail.change')}</Table.Th><Table.Th>{t('wl.detail.reason')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(versions.data?.items ?? []).map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>{v.version}{v.superseded_at ? '' : ` (${t('wl.detail.current')})`}</Table.Td>
                <Table.Td>{formatDateTime(v.version_at)}</Table.Td>
                <Table.Td>{v.version_by?.name ?? '—'}</Table.Td>
                <Table.Td>{personName(v.data.persona)}</Table.Td>
                <Table.Td>{v.data.status ? t(`wl.status.${v.data.status}`) : '—'}</Table.Td>
                <Table.Td>{v.superseded_by_change ? `→ ${t(`wl.detail.changes.${v.superseded_by_change}`, { defaultValue: v.superseded_by_change })}` : '—'}</Table.Td>
                <Table.Td>{v.change_reason ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal opened={!!action} onClose={() => setAction(null)} centered title={<Text fw={650}>{action ? t('wl.detail.actionTitle', { action: t(`wl.detail.${action}`) }) : ''}</Text>}>
        {form.general ? <ErrorAlert error={new Error(form.general)} /> : null}
        <Textarea label={t('wl.detail.statusReason')} description={t('wl.detail.actionHelp')} autosize minRows={2} value={reason} data-autofocus
          onChange={(e) => { setReason(e.currentTarget.value); form.touch('reason'); }} error={form.field('reason')} data-testid="target-action-reason" />
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setAction(null)}>{t('common.cancel')}</Button>
          <Button color={action === 'close' ? 'red' : 'guinda'} loading={change.isPending} onClick={() => action && change.mutate(action)} data-testid="target-action-ok">{action ? t(`wl.detail.${action}`) : ''}</Button>
        </Group>
      </Modal>
    </Stack>
  );
}
