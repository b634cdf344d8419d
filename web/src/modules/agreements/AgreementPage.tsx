import {
  Alert, Anchor, Badge, Breadcrumbs, Button, Checkbox, Grid, Group, MultiSelect, NativeSelect, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, patch, post } from '../../api';
import { useAuth } from '../../auth';
import { useEntidades } from '../../catalogs';
import { formErrors } from '../../components/forms';
import { ErrorAlert, PageLoader } from '../../components/ui';
import './agreements.css';
import { AG, DueText, formatDay, Paragraphs, ProgressBar, ReasonModal, StatusBadge, useInvalidate, useResponsibleText, useSpecDeadline } from './lib';
import {
  AGREEMENT_KINDS, RECURRENCES, RELATIVE_UNITS, ZONES, type AgreementDetail, type AgreementKind, type Commitment, type CommitmentSpec, type Responsible, type Zone,
} from './types';

type RespKind = Responsible['kind'];
type Mode = 'date' | 'relative' | 'recurring' | 'none';

/** The secretariat's form for a new commitment of this acuerdo (one row per entidad when it names several). */
function NewCommitmentForm({ agreementId, sessionZone, onCreated }: { agreementId: number; sessionZone: Zone | null; onCreated(n: number): void }) {
  const { t } = useTranslation();
  const entidades = useEntidades().data ?? [];
  const invalidate = useInvalidate();
  const [kind, setKind] = useState<RespKind>('entidades');
  const [codes, setCodes] = useState<string[]>([]);
  const [zone, setZone] = useState<string | null>(sessionZone);
  const [institution, setInstitution] = useState('');
  const [deliverable, setDeliverable] = useState('');
  const [mode, setMode] = useState<Mode>('date');
  const [deadline, setDeadline] = useState('');
  const [amount, setAmount] = useState<number | string>(30);
  const [unit, setUnit] = useState<string>('días hábiles');
  const [from, setFrom] = useState('');
  const [recurrence, setRecurrence] = useState<string>('monthly');
  const [nextDue, setNextDue] = useState('');
  const [phrase, setPhrase] = useState('');
  const [remind, setRemind] = useState<number | string>(7);
  const [approve, setApprove] = useState(false);

  const create = useMutation({
    mutationFn: () => {
      const responsible: Responsible = kind === 'entidades' ? { kind, entidades: codes } : kind === 'zone' ? { kind, ...(zone ? { zone: zone as Zone } : {}) }
        : kind === 'institution' ? { kind, name: institution } : { kind };
      const body: CommitmentSpec = { responsible, deliverable, remind_days_before: Number(remind) || 0, status: approve ? 'approved' : 'proposed' };
      if (mode === 'date') Object.assign(body, { deadline: deadline || null });
      if (mode === 'relative') Object.assign(body, { relative: { amount: Number(amount), unit, ...(from ? { from } : {}) } });
      if (mode === 'recurring') Object.assign(body, { recurrence, ...(nextDue ? { next_due: nextDue } : {}) });
      if (phrase.trim()) body.deadline_phrase = phrase.trim();
      return post<{ created: number }>(`/api/agreements/acuerdos/${agreementId}/commitments`, body);
    },
    onSuccess: (r) => { onCreated(r.created); setDeliverable(''); setDeadline(''); setPhrase(''); setCodes([]); void invalidate(); },
  });
  const fe = formErrors(create.error, ['responsible', 'deliverable', 'deadline', 'relative', 'recurrence', 'next_due', 'deadline_phrase', 'remind_days_before']);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ag-new-commitment">
      <Title order={2} fz="md" mb="sm" id="ag-new-commitment">{t('ag.agreement.newCommitment')}</Title>
      {fe.general ? <Alert color="red" variant="light" role="alert" mb="sm">{fe.general}</Alert> : null}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <NativeSelect
            label={t('ag.newCommitment.responsible')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as RespKind)}
            data={(['entidades', 'zone', 'all_states', 'secretaria_tecnica', 'institution'] as const).map((k) => ({ value: k, label: t(`ag.responsibleKind.${k}`) }))}
            data-testid="ag-new-kind"
            error={fe.field('responsible.kind')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {kind === 'entidades' && (
            <MultiSelect
              label={t('ag.newCommitment.entidades')}
              data={entidades.map((e) => ({ value: e.code, label: `${e.code} · ${e.name}` }))}
              value={codes}
              onChange={setCodes}
              searchable
              clearable
              hidePickedOptions
              required
              error={fe.field('responsible.entidades') ?? fe.field('responsible')}
              data-testid="ag-new-entidades"
            />
          )}
          {kind === 'zone' && (
            <Select label={t('ag.newCommitment.zone')} data={[...ZONES]} value={zone} onChange={setZone} error={fe.field('responsible.zone')} />
          )}
          {kind === 'institution' && (
            <TextInput label={t('ag.newCommitment.institution')} value={institution} onChange={(e) => setInstitution(e.currentTarget.value)} required error={fe.field('responsible.name')} />
          )}
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('ag.newCommitment.deliverable')} value={deliverable} onChange={(e) => setDeliverable(e.currentTarget.value)} autosize minRows={2} required error={fe.field('deliverable')} data-testid="ag-new-deliverable" />
        </Grid.Col>
        <Grid.Col span={12}>
          <Text size="sm" fw={500} mb={4} id="ag-new-mode-label">{t('ag.newCommitment.deadlineMode')}</Text>
          <SegmentedControl
            aria-labelledby="ag-new-mode-label"
            value={mode}
            onChange={(v) => setMode(v as Mode)}
            data={(['date', 'relative', 'recurring', 'none'] as const).map((m) => ({ value: m, label: t(`ag.newCommitment.mode.${m}`) }))}
            data-testid="ag-new-mode"
          />
        </Grid.Col>
        {mode === 'date' && (
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextInput type="date" label={t('ag.newCommitment.deadline')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} error={fe.field('deadline')} data-testid="ag-new-deadline" />
          </Grid.Col>
        )}
        {mode === 'relative' && (<>
          <Grid.Col span={{ base: 6, md: 2 }}><NumberInput label={t('ag.newCommitment.amount')} min={1} max={3650} value={amount} onChange={setAmount} error={fe.field('relative.amount')} /></Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <NativeSelect label={t('ag.newCommitment.unit')} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} data={RELATIVE_UNITS.map((u) => ({ value: u, label: t(`ag.unit.${u}`) }))} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="date" label={t('ag.newCommitment.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={fe.field('relative.from')} /></Grid.Col>
        </>)}
        {mode === 'recurring' && (<>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <NativeSelect label={t('ag.newCommitment.recurrence')} value={recurrence} onChange={(e) => setRecurrence(e.currentTarget.value)} data={RECURRENCES.map((r) => ({ value: r, label: t(`ag.recurrence.${r}`) }))} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}><TextInput type="date" label={t('ag.newCommitment.nextDue')} value={nextDue} onChange={(e) => setNextDue(e.currentTarget.value)} error={fe.field('next_due')} /></Grid.Col>
        </>)}
        <Grid.Col span={{ base: 12, md: mode === 'none' ? 8 : 5 }}>
          <TextInput label={t('ag.newCommitment.phrase')} value={phrase} onChange={(e) => setPhrase(e.currentTarget.value)} error={fe.field('deadline_phrase')} placeholder="a más tardar el treinta de septiembre" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <NumberInput label={t('ag.newCommitment.remind')} min={0} max={365} value={remind} onChange={setRemind} error={fe.field('remind_days_before')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Checkbox label={t('ag.newCommitment.approve')} checked={approve} onChange={(e) => setApprove(e.currentTarget.checked)} data-testid="ag-new-approve" />
        </Grid.Col>
      </Grid>
      <Group mt="md">
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!deliverable.trim() || (kind === 'entidades' && !codes.length)} data-testid="ag-new-submit">
          {t('ag.newCommitment.submit')}
        </Button>
      </Group>
    </Paper>
  );
}

export default function AgreementPage() {
  const { id = '', sessionId = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const manage = can('agreement.manage');
  const invalidate = useInvalidate();
  const responsibleText = useResponsibleText();
  const specDeadline = useSpecDeadline();
  const detail = useQuery({ queryKey: [AG, 'acuerdo', id], queryFn: () => get<AgreementDetail>(`/api/agreements/acuerdos/${id}`) });
  const list = useQuery({
    queryKey: [AG, 'commitments', 'acuerdo', id],
    queryFn: () => get<{ items: Commitment[]; total: number; as_of: string }>('/api/agreements/commitments', { agreement_id: id, page_size: 500 }),
  });
  const [selected, setSelected] = useState<number[]>([]);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [kind, setKind] = useState<AgreementKind | null>(null);
  useEffect(() => { setKind(detail.data?.agreement.kind ?? null); }, [detail.data?.agreement.kind]);

  const status = useMutation({
    mutationFn: (v: { status: 'approved' | 'cancelled'; reason?: string }) => post('/api/agreements/commitments/status', { ids: selected, ...v }),
    onSuccess: () => { setSelected([]); setCancelOpen(false); setNotice(t('ag.commitment.changed')); void invalidate(); },
  });
  const saveKind = useMutation({ mutationFn: () => patch(`/api/agreements/acuerdos/${id}`, { kind }), onSuccess: () => void invalidate() });
  const createSuggested = useMutation({
    mutationFn: (v: { spec: CommitmentSpec; approve: boolean }) => post<{ created: number }>(`/api/agreements/acuerdos/${id}/commitments`, { ...v.spec, status: v.approve ? 'approved' : 'proposed' }),
    onSuccess: (r) => { setNotice(t('ag.agreement.created', { count: r.created })); void invalidate(); },
  });

  if (detail.isLoading) return <PageLoader />;
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const { agreement: a, progress, suggested_commitments: suggested } = detail.data!;
  const rows = list.data?.items ?? [];
  const selectable = rows.filter((c) => c.status !== 'cancelled').map((c) => c.id);
  const allSelected = selectable.length > 0 && selectable.every((x) => selected.includes(x));
  const selectedRows = rows.filter((c) => selected.includes(c.id));

  return (
    <Stack gap="sm">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/acuerdos/sesiones" size="sm">{t('ag.session.breadcrumb')}</Anchor>
        <Anchor component={Link} to={`/acuerdos/sesiones/${a.session_id || sessionId}`} size="sm" lineClamp={1}>{a.session_name}</Anchor>
        <Text size="sm" c="dimmed">{a.ordinal}</Text>
      </Breadcrumbs>
      <div>
        <Title order={1} fz={22} c="guinda.8" data-testid="ag-agreement-title">{a.ordinal}.{a.title ? ` ${a.title}` : ''}</Title>
        <Text size="sm" c="dimmed">{a.session_name} · {formatDay(a.session_date, 'long')}{a.section === 'transitorio' ? ` · ${t('ag.common.transitorio')}` : ''}</Text>
      </div>
      {notice ? <Alert color="verde" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="ag-agreement-notice">{notice}</Alert> : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md" h="100%">
            <div lang="es-MX"><Paragraphs text={a.text} className="ag-para" /></div>
            <Group gap="xs" mt="sm" align="flex-end" wrap="wrap">
              {manage ? (<>
                <NativeSelect size="xs" label={t('ag.common.kind')} value={kind ?? a.kind} onChange={(e) => setKind(e.currentTarget.value as AgreementKind)} data={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`ag.kind.${k}`) }))} w={260} />
                {kind && kind !== a.kind ? <Button size="xs" variant="outline" onClick={() => saveKind.mutate()} loading={saveKind.isPending}>{t('ag.agreement.saveKind')}</Button> : null}
              </>) : <Badge variant="light" color="gray" radius="sm">{t(`ag.kind.${a.kind}`)}</Badge>}
              <Text size="xs" c="dimmed">{a.kind_source === 'manual' ? t('ag.agreement.kindManual') : t('ag.agreement.kindHelp')}</Text>
            </Group>
            <ErrorAlert error={saveKind.error} />
            {a.deadline_phrases.length ? (
              <Text size="xs" mt="xs"><b>{t('ag.agreement.phrases')}:</b> {a.deadline_phrases.map((p) => `«${p.text}»${p.date ? ` (${formatDay(p.date)})` : ''}`).join(' · ')}</Text>
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} fz="sm" mb={6}>{t('ag.agreement.progressNational')}</Title>
            <ProgressBar value={progress.national.counted ? progress.national.progress : null} w={200} label={t('ag.agreement.progressNational')} />
            <Text size="xs" c="dimmed" mt={4}>
              {t('ag.common.commitmentCount', { count: progress.national.commitments })} · {t('ag.status.fulfilled')}: {progress.national.fulfilled} · {t('ag.status.overdue')}: {progress.national.overdue}
            </Text>
            {progress.by_entidad.length ? (<>
              <Title order={2} fz="sm" mt="md" mb={6}>{t('ag.agreement.progressByEntidad')}</Title>
              <Table className="sereno-table" fz="xs">
                <Table.Thead><Table.Tr>
                  <Table.Th scope="col">{t('ag.common.entidad')}</Table.Th><Table.Th scope="col" ta="right">{t('ag.common.commitments')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('ag.status.overdue')}</Table.Th><Table.Th scope="col">{t('ag.common.progress')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {progress.by_entidad.map((r) => (
                    <Table.Tr key={r.entidad ?? 'n'}>
                      <Table.Td>{r.entidad ? r.name : t('ag.common.national')}</Table.Td><Table.Td ta="right">{r.commitments}</Table.Td>
                      <Table.Td ta="right" c={r.overdue ? 'red.8' : undefined} fw={r.overdue ? 700 : undefined}>{r.overdue}</Table.Td>
                      <Table.Td><ProgressBar value={r.progress} w={80} label={`${t('ag.common.progress')}: ${r.name}`} /></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>) : null}
          </Paper>
        </Grid.Col>
      </Grid>

      <Paper withBorder p="md" component="section" aria-labelledby="ag-commitments-h">
        <Group justify="space-between" mb="xs" wrap="wrap">
          <Title order={2} fz="md" id="ag-commitments-h">{t('ag.agreement.commitments')}</Title>
          {manage && rows.length ? (
            <Group gap="xs">
              <Button size="xs" onClick={() => status.mutate({ status: 'approved' })} disabled={!selectedRows.length || selectedRows.some((c) => c.recorded_status !== 'proposed')} loading={status.isPending && !cancelOpen} data-testid="ag-approve-selected">
                {t('ag.agreement.approveSelected')}
              </Button>
              <Button size="xs" variant="outline" color="red" onClick={() => setCancelOpen(true)} disabled={!selectedRows.length || selectedRows.some((c) => c.recorded_status === 'fulfilled' || c.recorded_status === 'cancelled')}>
                {t('ag.agreement.cancelSelected')}
              </Button>
            </Group>
          ) : null}
        </Group>
        {!cancelOpen ? <ErrorAlert error={status.error} /> : null}
        <ErrorAlert error={list.error} />
        {rows.length ? (
          <Table.ScrollContainer minWidth={760} type="native">
            <Table className="sereno-table" data-testid="ag-agreement-commitments">
              <Table.Thead>
                <Table.Tr>
                  {manage ? (
                    <Table.Th w={36}><Checkbox size="xs" aria-label={t('ag.agreement.selectAll')} checked={allSelected} indeterminate={!allSelected && selected.length > 0} onChange={() => setSelected(allSelected ? [] : selectable)} /></Table.Th>
                  ) : null}
                  <Table.Th scope="col">{t('ag.common.responsible')}</Table.Th>
                  <Table.Th scope="col">{t('ag.common.deliverable')}</Table.Th>
                  <Table.Th scope="col">{t('ag.common.deadline')}</Table.Th>
                  <Table.Th scope="col">{t('ag.common.status')}</Table.Th>
                  <Table.Th scope="col">{t('ag.common.progress')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.id} data-testid="ag-agreement-commitment-row">
                    {manage ? (
                      <Table.Td>
                        <Checkbox size="xs" disabled={c.status === 'cancelled'} aria-label={t('ag.agreement.selectRow', { name: c.responsible_name })} checked={selected.includes(c.id)}
                          onChange={(e) => { const on = e.currentTarget.checked; setSelected((s) => (on ? [...s, c.id] : s.filter((x) => x !== c.id))); }} data-testid={`ag-select-${c.id}`} />
                      </Table.Td>
                    ) : null}
                    <Table.Td><Anchor component={Link} to={`/acuerdos/compromisos/${c.id}`} size="sm" fw={600} data-testid={`ag-commitment-open-${c.id}`}>{c.responsible_name}</Anchor></Table.Td>
                    <Table.Td><Text size="sm" lineClamp={2}>{c.deliverable}</Text></Table.Td>
                    <Table.Td><DueText c={c} /></Table.Td>
                    <Table.Td><StatusBadge status={c.status} /></Table.Td>
                    <Table.Td><ProgressBar value={c.status === 'proposed' || c.status === 'cancelled' ? null : c.status === 'fulfilled' ? 100 : c.progress} w={70} label={`${t('ag.common.progress')}: ${c.responsible_name}`} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : <Text size="sm" c="dimmed">{t('ag.agreement.noCommitments')}</Text>}
      </Paper>

      {manage && suggested.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby="ag-suggested-h">
          <Title order={2} fz="md" mb="xs" id="ag-suggested-h">{t('ag.agreement.suggested')}</Title>
          <ErrorAlert error={createSuggested.error} />
          <Stack gap="xs">
            {suggested.map((s, i) => {
              const due = s.deadline ?? s.next_due ?? null;
              const past = !!(due && list.data?.as_of && due < list.data.as_of);
              const exists = rows.some((c) => c.deliverable === s.deliverable);
              return (
                <Group key={i} justify="space-between" align="flex-start" wrap="nowrap" p="xs" style={{ border: '1px solid #e6e2dd', borderRadius: 4 }} data-testid="ag-suggested">
                  <div>
                    <Text size="sm" fw={600}>{responsibleText(s.responsible)}</Text>
                    <Text size="sm">{s.deliverable}</Text>
                    <Text size="xs" c="dimmed">{t('ag.common.deadline')}: {specDeadline(s)}</Text>
                    {past && !exists ? <Text size="xs" c="red.8">{t('ag.agreement.pastDeadline')}</Text> : null}
                  </div>
                  {exists ? <Badge variant="light" color="gray" radius="sm">{t('ag.agreement.alreadyCreated')}</Badge> : (
                    <Group gap={6} wrap="nowrap">
                      <Button size="compact-sm" variant="outline" onClick={() => createSuggested.mutate({ spec: s, approve: false })} loading={createSuggested.isPending}>{t('ag.agreement.createSuggested')}</Button>
                      {!past ? <Button size="compact-sm" onClick={() => createSuggested.mutate({ spec: s, approve: true })} loading={createSuggested.isPending}>{t('ag.agreement.createApproved')}</Button> : null}
                    </Group>
                  )}
                </Group>
              );
            })}
          </Stack>
        </Paper>
      ) : null}

      {manage ? <NewCommitmentForm agreementId={a.id} sessionZone={a.session_zone} onCreated={(n) => setNotice(t('ag.agreement.created', { count: n }))} /> : null}

      <ReasonModal
        opened={cancelOpen}
        title={t('ag.agreement.cancelSelected')}
        confirmLabel={t('ag.commitment.to.cancelled')}
        danger
        loading={status.isPending}
        error={status.error}
        onConfirm={(reason) => status.mutate({ status: 'cancelled', reason })}
        onClose={() => { setCancelOpen(false); status.reset(); }}
      />
    </Stack>
  );
}
