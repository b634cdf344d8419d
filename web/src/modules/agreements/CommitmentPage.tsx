import {
  ActionIcon, Alert, Anchor, Breadcrumbs, Button, Checkbox, Fieldset, Grid, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Textarea, Timeline, Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, patch, post } from '../../api';
import { useAuth } from '../../auth';
import { formErrors } from '../../components/forms';
import { ErrorAlert, PageLoader } from '../../components/ui';
import { formatDateTime } from '../../format';
import './agreements.css';
import { AG, DueText, formatDay, ProgressBar, ReasonModal, StatusBadge, useCanReport, useInvalidate } from './lib';
import { TRANSITIONS, type Commitment, type CommitmentDetail, type CommitmentStatus } from './types';

interface EvidenceRow { document_ref: string; url: string; note: string }
const emptyEvidence = (): EvidenceRow => ({ document_ref: '', url: '', note: '' });
const URL_RE = /^https?:\/\/\S+\.\S+/i;

/** The responsible entidad's progress report: percentage, note and evidence (document, link or note). */
function ProgressForm({ c, priorEvidence, onSaved }: { c: Commitment; priorEvidence: number; onSaved(): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [progress, setProgress] = useState<number | string>(c.progress);
  const [fulfilled, setFulfilled] = useState(false);
  const [note, setNote] = useState('');
  const [rows, setRows] = useState<EvidenceRow[]>([emptyEvidence()]);
  const [local, setLocal] = useState<Record<string, string>>({});

  const evidence = rows
    .map((r) => ({ document_ref: r.document_ref.trim(), url: r.url.trim(), note: r.note.trim() }))
    .filter((r) => r.document_ref || r.url || r.note);
  const value = fulfilled ? 100 : Number(progress);

  const save = useMutation({
    mutationFn: () => post<CommitmentDetail>(`/api/agreements/commitments/${c.id}/progress`, {
      ...(value !== c.progress || fulfilled ? { progress: value } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      evidence: evidence.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v))),
    }),
    onSuccess: () => { setRows([emptyEvidence()]); setNote(''); setFulfilled(false); onSaved(); void invalidate(); },
  });
  const fe = formErrors(save.error, ['progress', 'note', 'evidence']);

  const submit = () => {
    const errs: Record<string, string> = {};
    if (!Number.isInteger(value) || value < 0 || value > 100) errs.progress = t('ag.commitment.progressRange');
    rows.forEach((r, i) => { if (r.url.trim() && !URL_RE.test(r.url.trim())) errs[`evidence.${i}.url`] = t('ag.commitment.urlInvalid'); });
    if (value === 100 && evidence.length + priorEvidence === 0) errs.evidence = t('ag.commitment.evidenceRequired');
    if (value === c.progress && !fulfilled && !note.trim() && !evidence.length) errs.general = t('ag.commitment.emptyReport');
    setLocal(errs);
    if (!Object.keys(errs).length) save.mutate();
  };
  const setRow = (i: number, patchRow: Partial<EvidenceRow>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patchRow } : r)));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ag-report-h">
      <Title order={2} fz="md" id="ag-report-h">{t('ag.commitment.report')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('ag.commitment.reportIntro', { name: c.responsible_name })}</Text>
      {local.general ? <Alert color="red" variant="light" role="alert" mb="sm">{local.general}</Alert> : null}
      {fe.general ? <Alert color="red" variant="light" role="alert" mb="sm">{fe.general}</Alert> : null}
      <Stack gap="sm">
        <Group align="flex-end" gap="md" wrap="wrap">
          <NumberInput
            label={t('ag.commitment.progress')} min={0} max={100} step={5} clampBehavior="strict" allowDecimal={false} suffix=" %" w={150}
            value={fulfilled ? 100 : progress} onChange={setProgress} disabled={fulfilled} error={local.progress ?? fe.field('progress')} data-testid="ag-progress-value"
          />
          <Checkbox label={t('ag.commitment.markFulfilled')} checked={fulfilled} onChange={(e) => setFulfilled(e.currentTarget.checked)} mb={8} data-testid="ag-progress-fulfilled" />
        </Group>
        <Textarea label={t('ag.commitment.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} error={fe.field('note')} data-testid="ag-progress-note" />
        {rows.map((r, i) => (
          <Fieldset key={i} legend={t('ag.commitment.evidenceN', { n: i + 1 })} p="sm" pt={4}>
            <Grid gap="xs">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <TextInput size="xs" label={t('ag.commitment.documentRef')} value={r.document_ref} onChange={(e) => setRow(i, { document_ref: e.currentTarget.value })} error={fe.field(`evidence.${i}.document_ref`)} data-testid={`ag-evidence-ref-${i}`} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <TextInput size="xs" type="url" label={t('ag.commitment.url')} value={r.url} onChange={(e) => setRow(i, { url: e.currentTarget.value })} error={local[`evidence.${i}.url`] ?? fe.field(`evidence.${i}.url`)} data-testid={`ag-evidence-url-${i}`} />
              </Grid.Col>
              <Grid.Col span={12}>
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput size="xs" style={{ flex: 1 }} label={t('ag.commitment.evidenceNote')} value={r.note} onChange={(e) => setRow(i, { note: e.currentTarget.value })} error={fe.field(`evidence.${i}.note`) ?? fe.field(`evidence.${i}`)} data-testid={`ag-evidence-note-${i}`} />
                  {rows.length > 1 ? (
                    <ActionIcon variant="subtle" color="red" aria-label={t('ag.commitment.removeEvidence', { n: i + 1 })} onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))}>✕</ActionIcon>
                  ) : null}
                </Group>
              </Grid.Col>
            </Grid>
          </Fieldset>
        ))}
        {local.evidence || fe.field('evidence') ? <Text size="sm" c="red.8" role="alert">{local.evidence ?? fe.field('evidence')}</Text> : null}
        <Group justify="space-between">
          <Button variant="subtle" size="xs" onClick={() => setRows((rs) => [...rs, emptyEvidence()])} disabled={rows.length >= 20}>+ {t('ag.commitment.addEvidence')}</Button>
          <Button onClick={submit} loading={save.isPending} data-testid="ag-progress-submit">{t('ag.commitment.submit')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The secretariat's status changes and deadline edit. */
function ManagePanel({ c }: { c: Commitment }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [reasonFor, setReasonFor] = useState<CommitmentStatus | null>(null);
  const [deadline, setDeadline] = useState(c.recurrence ? c.next_due ?? '' : c.deadline ?? '');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (v: { status: CommitmentStatus; reason?: string }) => post('/api/agreements/commitments/status', { ids: [c.id], ...v }),
    onSuccess: () => { setReasonFor(null); setDone(t('ag.commitment.changed')); void invalidate(); },
  });
  const edit = useMutation({
    mutationFn: () => patch(`/api/agreements/commitments/${c.id}`, { ...(c.recurrence ? { next_due: deadline || null } : { deadline: deadline || null }), ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    onSuccess: () => { setReason(''); setDone(t('ag.commitment.deadlineSaved')); void invalidate(); },
  });
  const fe = formErrors(edit.error, ['deadline', 'next_due', 'reason']);
  const targets = TRANSITIONS[c.recorded_status];
  const needsReason = (to: CommitmentStatus) => to === 'cancelled' || c.recorded_status === 'fulfilled';
  const label = (to: CommitmentStatus) => (c.recorded_status === 'fulfilled' && to === 'in_progress' ? t('ag.commitment.to.reopen') : t(`ag.commitment.to.${to}`));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ag-manage-h">
      <Title order={2} fz="sm" mb="xs" id="ag-manage-h">{t('ag.commitment.manage')}</Title>
      {done ? <Alert color="verde" variant="light" mb="xs" withCloseButton onClose={() => setDone(null)}>{done}</Alert> : null}
      {!reasonFor ? <ErrorAlert error={change.error} /> : null}
      {targets.length ? (
        <Group gap="xs">
          {targets.map((to) => (
            <Button key={to} size="xs" variant={to === 'cancelled' ? 'outline' : 'filled'} color={to === 'cancelled' ? 'red' : to === 'fulfilled' ? 'verde' : 'guinda'}
              loading={change.isPending && change.variables?.status === to}
              onClick={() => (needsReason(to) ? setReasonFor(to) : change.mutate({ status: to }))} data-testid={`ag-status-${to}`}>
              {label(to)}
            </Button>
          ))}
        </Group>
      ) : <Text size="sm" c="dimmed">{t('ag.commitment.noTransitions')}</Text>}
      {c.status !== 'fulfilled' && c.status !== 'cancelled' ? (
        <Stack gap={6} mt="md">
          <Text size="sm" fw={600}>{t('ag.commitment.editDeadline')}</Text>
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput size="xs" type="date" label={c.recurrence ? t('ag.common.nextDue') : t('ag.commitment.newDeadline')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} error={fe.field('deadline') ?? fe.field('next_due')} />
            <TextInput size="xs" label={t('ag.common.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} />
            <Button size="xs" variant="outline" onClick={() => edit.mutate()} loading={edit.isPending}>{t('common.save')}</Button>
          </Group>
          {fe.general ? <Text size="xs" c="red.8" role="alert">{fe.general}</Text> : null}
        </Stack>
      ) : null}
      <ReasonModal
        opened={!!reasonFor}
        title={reasonFor ? label(reasonFor) : ''}
        confirmLabel={reasonFor ? label(reasonFor) : ''}
        danger={reasonFor === 'cancelled'}
        loading={change.isPending}
        error={change.error}
        onConfirm={(r) => reasonFor && change.mutate({ status: reasonFor, reason: r })}
        onClose={() => { setReasonFor(null); change.reset(); }}
      />
    </Paper>
  );
}

export default function CommitmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const [saved, setSaved] = useState(false);
  const q = useQuery({ queryKey: [AG, 'commitment', id], queryFn: () => get<CommitmentDetail>(`/api/agreements/commitments/${id}`) });
  const report = useCanReport(q.data?.commitment);
  if (q.isLoading) return <PageLoader />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const { commitment: c, evidence, history, liaisons } = q.data!;
  const who = (at: string | null, by: string | null) => (at ? `${formatDateTime(at)}${by ? ` · ${by}` : ''}` : '—');

  return (
    <Stack gap="sm">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/acuerdos/compromisos" size="sm">{t('ag.nav.board')}</Anchor>
        <Text size="sm" c="dimmed">{t('ag.commitment.title', { id: c.id })}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1} fz={22} c="guinda.8" data-testid="ag-commitment-title">{c.responsible_name} · {t('ag.commitment.title', { id: c.id })}</Title>
          <Text size="sm" c="dimmed">{c.agreement_ordinal}. {c.agreement_title}</Text>
        </div>
        <Group gap="sm" align="center">
          <StatusBadge status={c.status} size="lg" data-testid="ag-commitment-status" />
          <ProgressBar value={c.status === 'proposed' || c.status === 'cancelled' ? null : c.status === 'fulfilled' ? 100 : c.progress} w={160} />
        </Group>
      </Group>
      {saved ? <Alert color="verde" variant="light" withCloseButton onClose={() => setSaved(false)} data-testid="ag-progress-saved">{t('ag.commitment.saved')}</Alert> : null}
      {c.status === 'overdue' ? <Alert color="red" variant="light" py={6}><Text size="sm">{t('ag.commitment.overdueHint')}</Text></Alert> : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <Paper withBorder p={0}>
              <dl className="sereno-dl" data-testid="ag-commitment-dl">
                <dt>{t('ag.common.responsible')}</dt><dd>{c.responsible_name}{c.entidad_zone ? ` (${c.entidad_zone})` : ''}</dd>
                <dt>{t('ag.common.deliverable')}</dt><dd>{c.deliverable}</dd>
                <dt>{t('ag.commitment.ofAgreement')}</dt>
                <dd><Anchor component={Link} to={`/acuerdos/sesiones/${c.session_id}/acuerdos/${c.agreement_id}`} size="sm">{c.agreement_ordinal}. {c.agreement_title}</Anchor></dd>
                <dt>{t('ag.commitment.ofSession')}</dt>
                <dd><Anchor component={Link} to={`/acuerdos/sesiones/${c.session_id}`} size="sm">{c.session_name}</Anchor> · {formatDay(c.session_date)}</dd>
                <dt>{t('ag.common.deadline')}</dt>
                <dd>
                  <DueText c={c} size="sm" />
                  {c.recurrence ? <Text size="xs">{t('ag.common.recurrence')}: {t(`ag.recurrence.${c.recurrence}`, { defaultValue: c.recurrence })}</Text> : null}
                  {c.deadline_phrase ? <Text size="xs" c="dimmed">{t('ag.common.phrase')}: «{c.deadline_phrase}»</Text> : null}
                </dd>
                <dt>{t('ag.commitment.approved')}</dt><dd>{who(c.approved_at, c.approved_by)}</dd>
                {c.last_report_at ? <><dt>{t('ag.commitment.lastReport')}</dt><dd>{formatDateTime(c.last_report_at)}</dd></> : null}
                {c.fulfilled_at ? <><dt>{t('ag.commitment.fulfilled')}</dt><dd>{who(c.fulfilled_at, c.fulfilled_by)}</dd></> : null}
                {c.cancelled_at ? <><dt>{t('ag.commitment.cancelled')}</dt><dd>{who(c.cancelled_at, c.cancelled_by)}{c.cancel_reason ? ` — ${c.cancel_reason}` : ''}</dd></> : null}
              </dl>
            </Paper>

            {report.allowed ? (
              <ProgressForm key={`${c.id}-${c.progress}-${evidence.length}`} c={c} priorEvidence={evidence.length} onSaved={() => setSaved(true)} />
            ) : can('agreement.progress') && report.reason !== 'permission' ? (
              <Text size="sm" c="dimmed" data-testid="ag-report-unavailable">
                {report.reason === 'notYours' ? t('ag.commitment.notYours') : t('ag.commitment.notOpen', { status: t(`ag.status.${c.status}`) })}
              </Text>
            ) : null}

            <Paper withBorder p="md" component="section" aria-labelledby="ag-evidence-h">
              <Title order={2} fz="sm" mb="xs" id="ag-evidence-h">{t('ag.commitment.evidenceList')}</Title>
              {evidence.length ? (
                <Table className="sereno-table" data-testid="ag-evidence-table">
                  <Table.Thead><Table.Tr>
                    <Table.Th scope="col">{t('ag.common.when')}</Table.Th><Table.Th scope="col">{t('ag.commitment.evidence')}</Table.Th><Table.Th scope="col">{t('ag.common.who')}</Table.Th>
                  </Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {evidence.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.created_at)}{e.period_due ? <Text size="xs" c="dimmed">{t('ag.commitment.period')}: {formatDay(e.period_due)}</Text> : null}</Table.Td>
                        <Table.Td>
                          {e.document_ref ? <Text size="sm" fw={600}>{e.document_ref}</Text> : null}
                          {e.url ? <Anchor href={e.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>{e.url}</Anchor> : null}
                          {e.note ? <Text size="sm">{e.note}</Text> : null}
                        </Table.Td>
                        <Table.Td>{e.created_by_name}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : <Text size="sm" c="dimmed">{t('ag.commitment.noEvidence')}</Text>}
            </Paper>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            {can('agreement.manage') ? <ManagePanel key={`${c.id}-${c.recorded_status}-${c.due_date}`} c={c} /> : null}
            <Paper withBorder p="md" component="section" aria-labelledby="ag-history-h">
              <Title order={2} fz="sm" mb="sm" id="ag-history-h">{t('ag.commitment.history')}</Title>
              <Timeline bulletSize={12} lineWidth={2} data-testid="ag-history">
                {history.map((h) => (
                  <Timeline.Item key={h.id} title={<Text size="sm" fw={600}>{t(`ag.commitment.action.${h.action}`, { defaultValue: h.action })}{h.to_status && h.to_status !== h.from_status ? ` → ${t(`ag.status.${h.to_status}`, { defaultValue: h.to_status })}` : ''}</Text>}>
                    <Text size="xs" c="dimmed">{formatDateTime(h.at)} · {h.actor_name}</Text>
                    {h.action === 'progress_reported' && h.progress != null ? (
                      <Text size="xs">{t('ag.commitment.progressTo', { value: h.progress })}{typeof h.details?.evidence === 'number' && h.details.evidence ? ` · ${t('ag.commitment.evidenceCount', { count: h.details.evidence })}` : ''}</Text>
                    ) : null}
                    {h.note ? <Text size="xs">{h.note}</Text> : null}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="ag-liaisons-h">
              <Group justify="space-between" mb="xs">
                <Title order={2} fz="sm" id="ag-liaisons-h">{t('ag.commitment.liaisons')}</Title>
                {c.entidad ? <Anchor component={Link} to={`/acuerdos/enlaces?entidad=${c.entidad}`} size="xs">{t('ag.nav.liaisons')}</Anchor> : null}
              </Group>
              {liaisons.length ? (
                <Stack gap={6}>
                  {liaisons.map((l) => (
                    <div key={l.id}>
                      <Text size="sm" fw={600}>{l.name}</Text>
                      <Text size="xs">{l.position}</Text>
                      <Text size="xs" c="dimmed">{t('ag.liaisons.oficio')} {l.oficio_number} · {formatDay(l.oficio_date)}{l.commitment_id ? ` · ${t('ag.liaisons.forCommitment', { id: l.commitment_id })}` : ''}</Text>
                      {l.email || l.phone ? <Text size="xs">{[l.email, l.phone].filter(Boolean).join(' · ')}</Text> : null}
                    </div>
                  ))}
                </Stack>
              ) : <Text size="sm" c="dimmed">{t('ag.commitment.noLiaisons')}</Text>}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
