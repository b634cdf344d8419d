/**
 * One alert: score and features side by side (target vs record) for the issuer; a reduced view for the entidad of the
 * hit. data-testids: alert-title, alert-status, alert-score, alert-comparison, alert-reason, alert-acknowledge,
 * alert-confirm, alert-dismiss, alert-reduced.
 */
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { useFormState } from '../../components/forms';
import { PersonComparison, personName, ScoreBar } from '../../components/person';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../format';
import { statusColor } from './AlertsPage';
import type { AlertView } from './types';

type Action = 'acknowledge' | 'confirm' | 'dismiss';

export default function AlertPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const entidadName = useEntidadName();
  const [reason, setReason] = useState('');
  const alert = useQuery({ queryKey: ['alerts', id], queryFn: () => api<AlertView>(`/api/alerts/${id}`) });
  const work = useMutation({
    mutationFn: (action: Action) => api<AlertView>(`/api/alerts/${id}/${action}`, { method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {} }),
    onSuccess: (a) => { qc.setQueryData(['alerts', id], a); setReason(''); void qc.invalidateQueries({ queryKey: ['alerts', 'list'] }); },
  });
  const form = useFormState(work.error, ['reason']);
  if (alert.isLoading) return <PageLoader />;
  if (alert.error) return <ErrorAlert error={alert.error} />;
  const a = alert.data!;
  const hitLink = a.hit.registry === 'detention' && a.hit.label ? `/detenciones/${a.hit.label}` : null;
  const kv = (k: string, v: React.ReactNode) => <Table.Tr><Table.Th w={200}>{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>;
  return (
    <Stack>
      <PageHeader title={t('al.detail.title', { id: a.id })} testId="alert-title"
        intro={`${formatDateTime(a.created_at)} · ${entidadName(a.hit.entidad)}`}
        actions={<Badge size="lg" color={statusColor[a.status]} data-testid="alert-status" data-status={a.status}>{t(`al.status.${a.status}`)}</Badge>} />
      <Paper withBorder p="md">
        <Group gap="xl" wrap="wrap">
          <div><Text size="xs" c="dimmed">{t('al.list.score')}</Text><ScoreBar score={a.score} match testId="alert-score" /></div>
          {a.algorithm ? <div><Text size="xs" c="dimmed">{t('al.detail.algorithm')}</Text><Text ff="monospace" size="sm">{a.algorithm}</Text></div> : null}
          {a.trigger ? <div><Text size="xs" c="dimmed">{t('al.detail.trigger')}</Text><Text size="sm">{t(`al.trigger.${a.trigger}`)}</Text></div> : null}
          <div><Text size="xs" c="dimmed">{t('al.detail.observed')}</Text><Text size="sm">{formatDateTime(a.hit.observed_at)}</Text></div>
        </Group>
      </Paper>
      {a.side === 'hit' || !a.target ? (
        <Alert color="blue" variant="light" data-testid="alert-reduced">{t('al.detail.reducedNote')}</Alert>
      ) : null}
      {a.target ? (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">{t('al.detail.comparison')}</Title>
          <PersonComparison testId="alert-comparison" left={a.target.persona} right={a.hit.persona} features={a.features}
            leftLabel={`${t('al.detail.target')} #${a.target.id}`} rightLabel={`${t('al.detail.record')} ${a.hit.label ?? a.hit.record_id}`} />
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">{t('al.detail.record')}</Title>
          <Text fw={600}>{personName(a.hit.persona)}</Text>
        </Paper>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Table fz="sm"><Table.Tbody>
              {kv(t('al.detail.issuer'), `${a.issuer.institution_name} (${entidadName(a.issuer.entidad)})`)}
              {kv(t('al.detail.contact'), [a.issuer.contact?.nombre, a.issuer.contact?.telefono, a.issuer.contact?.correo].filter(Boolean).join(' · ') || '—')}
              {a.target ? kv(t('al.detail.classification'), t(`wl.classification.${a.target.classification}`, { defaultValue: a.target.classification })) : null}
              {a.target ? kv(t('al.detail.reason'), a.target.reason) : null}
              {a.target?.valid_until ? kv(t('wl.form.validUntil'), formatDate(a.target.valid_until)) : null}
            </Table.Tbody></Table>
            <Group mt="sm" gap="md">
              {hitLink ? <Anchor component={Link} to={hitLink} size="sm">{t('al.detail.openRecord')} →</Anchor> : null}
              {a.target && can('watchlist.read') ? <Anchor component={Link} to={`/objetivos/${a.target.id}`} size="sm">{t('al.detail.openTarget')} →</Anchor> : null}
            </Group>
          </Paper>
        </Grid.Col>
        {a.side === 'issuer' ? (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder p="md" h="100%">
              <Title order={2} size="h5" mb="sm">{t('al.detail.workflow')}</Title>
              <Table fz="sm" mb="sm"><Table.Tbody>
                {a.acknowledged_at ? kv(t('al.detail.acknowledgedBy'), `${a.acknowledged_by?.name ?? '—'} · ${formatDateTime(a.acknowledged_at)}`) : null}
                {a.resolved_at ? kv(t('al.detail.resolvedBy'), `${a.resolved_by?.name ?? '—'} · ${formatDateTime(a.resolved_at)}`) : null}
                {a.status_reason ? kv(t('al.detail.notes'), a.status_reason) : null}
              </Table.Tbody></Table>
              {can('alert.work') && (a.status === 'new' || a.status === 'acknowledged') ? (
                <>
                  {form.general ? <ErrorAlert error={new Error(form.general)} /> : null}
                  <Textarea label={t('al.detail.why')} description={t('al.detail.whyHelp')} autosize minRows={2} value={reason}
                    onChange={(e) => { setReason(e.currentTarget.value); form.touch('reason'); }} error={form.field('reason')} data-testid="alert-reason" />
                  <Group mt="sm" gap="xs">
                    {a.status === 'new' ? <Button variant="outline" onClick={() => work.mutate('acknowledge')} loading={work.isPending && work.variables === 'acknowledge'} data-testid="alert-acknowledge">{t('al.detail.acknowledge')}</Button> : null}
                    <Button color="grape" onClick={() => work.mutate('confirm')} loading={work.isPending && work.variables === 'confirm'} data-testid="alert-confirm">{t('al.detail.confirm')}</Button>
                    <Button color="gray" onClick={() => work.mutate('dismiss')} loading={work.isPending && work.variables === 'dismiss'} data-testid="alert-dismiss">{t('al.detail.dismiss')}</Button>
                  </Group>
                </>
              ) : null}
            </Paper>
          </Grid.Col>
        ) : null}
      </Grid>
    </Stack>
  );
}
