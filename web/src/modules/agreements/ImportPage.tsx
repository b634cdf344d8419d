import {
  Alert, Anchor, Badge, Button, Checkbox, FileInput, Grid, Group, List, NativeSelect, Paper, SegmentedControl, Select, Stack, Stepper, Table, Text, TextInput, Textarea, Title, UnstyledButton,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useMemo, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { post } from '../../api';
import { ErrorAlert, PageHeader } from '../../components/ui';
import './agreements.css';
import { formatDay, postForm, useInvalidate, useResponsibleText, useSpecDeadline } from './lib';
import { AGREEMENT_KINDS, ZONES, type AgreementKind, type ImportDocument, type ImportItem, type ImportResult, type ImportSession, type PlanSession, type Preview, type Zone } from './types';

type Mode = 'file' | 'paste';

/** Problems of the preview's plan for one session field (paths like `sessions.0.date`). */
function problemFor(plan: PlanSession | undefined, field: string): string | undefined {
  const hits = (plan?.problems ?? []).filter((p) => p.path === `sessions.${plan!.index}.${field}` || p.path.startsWith(`sessions.${plan!.index}.${field}.`));
  return hits.length ? hits.map((h) => h.message).join('; ') : undefined;
}

/** The acuerdos (or transitorios) of one session under review: number, ordinal, title, kind (editable), deadlines, suggestions. */
function ItemsTable({ items, section, onKind, testId }: { items: ImportItem[]; section: 'acuerdo' | 'transitorio'; onKind(i: number, k: AgreementKind): void; testId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const responsible = useResponsibleText();
  const deadline = useSpecDeadline();
  const toggle = (i: number) => setOpen((s) => { const n = new Set(s); if (n.has(i)) n.delete(i); else n.add(i); return n; });
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table className="sereno-table" data-testid={testId}>
        <Table.Caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          {section === 'acuerdo' ? t('ag.common.acuerdos') : t('ag.common.transitorios')}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={50} ta="right">{t('ag.import.number')}</Table.Th>
            <Table.Th scope="col" w={120}>{t('ag.import.ordinal')}</Table.Th>
            <Table.Th scope="col">{t('ag.import.titleCol')}</Table.Th>
            <Table.Th scope="col" w={270}>{t('ag.common.kind')}</Table.Th>
            <Table.Th scope="col" w={170}>{t('ag.import.deadlines')}</Table.Th>
            <Table.Th scope="col" w={90} ta="right">{t('ag.import.suggestedCol')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((it, i) => {
            const phrases = (it.deadline_phrases ?? []).filter((p) => !(p.kind === 'explicit' && p.date && (it.deadlines ?? []).includes(p.date)));
            const sugg = it.suggested_commitments ?? [];
            return (
              <Fragment key={i}>
                <Table.Tr data-testid={`${testId}-row`}>
                  <Table.Td ta="right">{it.number ?? '—'}</Table.Td>
                  <Table.Td fw={600}>{it.ordinal}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{it.title || <Text span c="dimmed" size="sm">{t('ag.import.noTitle')}</Text>}</Text>
                    <UnstyledButton onClick={() => toggle(i)} aria-expanded={open.has(i)} fz="xs" c="guinda.7" td="underline">
                      {open.has(i) ? t('ag.import.hideText') : t('ag.import.showText')}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      size="xs"
                      aria-label={`${t('ag.common.kind')}: ${it.ordinal}`}
                      value={it.kind ?? 'otro'}
                      onChange={(e) => onKind(i, e.currentTarget.value as AgreementKind)}
                      data={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`ag.kind.${k}`) }))}
                    />
                    {it.kind_reason ? <Text size="xs" c="dimmed" mt={2}>{t('ag.import.kindReason', { reason: it.kind_reason })}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {(it.deadlines ?? []).map((d) => <Text key={d} size="xs" fw={600}>{formatDay(d)}</Text>)}
                      {phrases.map((p, k) => <Text key={k} size="xs" c="dimmed">«{p.text}»</Text>)}
                      {!(it.deadlines ?? []).length && !phrases.length ? <Text size="xs" c="dimmed">—</Text> : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right">{sugg.length || '—'}</Table.Td>
                </Table.Tr>
                {open.has(i) ? (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={5}>
                      <p className="ag-review-text">{it.text}</p>
                      {sugg.length ? (
                        <List size="xs" mt={6} spacing={2}>
                          {sugg.map((s, k) => <List.Item key={k}><b>{responsible(s.responsible)}</b>: {s.deliverable} — {deadline(s)}</List.Item>)}
                        </List>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One session of the preview: what will happen to it, its editable header and its acuerdos. */
function SessionReview({ s, plan, include, onInclude, onChange }: {
  s: ImportSession; plan: PlanSession | undefined; include: boolean; onInclude(v: boolean): void; onChange(next: ImportSession): void;
}) {
  const { t } = useTranslation();
  const action = plan?.action ?? 'create';
  const color = action === 'create' ? 'verde' : action === 'skip_existing' ? 'gray' : 'red';
  const set = (patch: Partial<ImportSession>) => onChange({ ...s, ...patch });
  const setKind = (key: 'agreements' | 'transitory') => (i: number, kind: AgreementKind) => {
    const list = [...(s[key] ?? [])];
    list[i] = { ...list[i], kind, kind_reason: undefined };
    onChange({ ...s, [key]: list });
  };
  return (
    <Paper withBorder p="md" data-testid={`ag-review-session-${plan?.index ?? 0}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap="sm" align="center" wrap="nowrap">
          <Checkbox checked={include && action === 'create'} disabled={action !== 'create'} onChange={(e) => onInclude(e.currentTarget.checked)} aria-label={`${t('ag.import.include')}: ${s.name}`} />
          <Title order={2} fz="md">{s.name || '—'}</Title>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Badge color={color} variant={action === 'create' ? 'filled' : 'light'} radius="sm" data-testid="ag-review-action">{t(`ag.import.action.${action}`)}</Badge>
          {action === 'skip_existing' && plan?.existing_id ? <Anchor component={Link} to={`/acuerdos/sesiones/${plan.existing_id}`} size="sm">{t('ag.import.openExisting')}</Anchor> : null}
        </Group>
      </Group>
      <Grid gap="xs" mb="sm">
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('ag.import.name')} value={s.name ?? ''} onChange={(e) => set({ name: e.currentTarget.value })} error={problemFor(plan, 'name')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><TextInput type="date" label={t('ag.common.date')} value={s.date ?? ''} onChange={(e) => set({ date: e.currentTarget.value })} error={problemFor(plan, 'date')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><TextInput type="date" label={t('ag.import.endDate')} value={s.end_date ?? ''} onChange={(e) => set({ end_date: e.currentTarget.value || null })} error={problemFor(plan, 'end_date')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select label={t('ag.common.zone')} clearable data={[...ZONES]} value={s.zone ?? null} onChange={(v) => set({ zone: (v as Zone | null) ?? null })} error={problemFor(plan, 'zone')} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 6 }}><TextInput label={t('ag.common.place')} value={s.place ?? ''} onChange={(e) => set({ place: e.currentTarget.value || null })} error={problemFor(plan, 'place')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Group gap="xs" mt={{ base: 0, md: 26 }}>
            <Badge variant="outline" color="gray" radius="sm">{t('ag.common.acuerdos')}: {s.agreements?.length ?? 0}</Badge>
            <Badge variant="outline" color="gray" radius="sm">{t('ag.common.transitorios')}: {s.transitory?.length ?? 0}</Badge>
            {plan?.suggested_commitments ? <Badge variant="outline" color="gray" radius="sm">{t('ag.import.suggestedCol')}: {plan.suggested_commitments}</Badge> : null}
          </Group>
        </Grid.Col>
      </Grid>
      {(plan?.problems ?? []).filter((p) => !['name', 'date', 'end_date', 'zone', 'place'].some((f) => p.path.startsWith(`sessions.${plan!.index}.${f}`))).map((p, i) => (
        <Text key={i} size="sm" c="red.8" role="alert">{p.path}: {p.message}</Text>
      ))}
      {s.agreements?.length ? <ItemsTable items={s.agreements} section="acuerdo" onKind={setKind('agreements')} testId={`ag-review-acuerdos-${plan?.index ?? 0}`} /> : null}
      {s.transitory?.length ? (
        <>
          <Text fw={700} size="sm" mt="sm" mb={4}>{t('ag.common.transitorios')}</Text>
          <ItemsTable items={s.transitory} section="transitorio" onKind={setKind('transitory')} testId={`ag-review-transitorios-${plan?.index ?? 0}`} />
        </>
      ) : null}
    </Paper>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [mode, setMode] = useState<Mode>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [referenceDate, setReferenceDate] = useState('');
  const [createSuggested, setCreateSuggested] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [doc, setDoc] = useState<ImportDocument | null>(null);
  const [include, setInclude] = useState<boolean[]>([]);
  const [dirty, setDirty] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);

  const accept = (p: Preview) => {
    setPreview(p);
    setDoc(p.document);
    setInclude(p.plan.sessions.map((s) => s.action === 'create'));
    setDirty(false);
  };

  const review = useMutation({
    mutationFn: () => {
      if (mode === 'file') {
        const form = new FormData();
        form.append('file', file!);
        if (referenceDate) form.append('reference_date', referenceDate);
        return postForm<Preview>('/api/agreements/import/preview', form);
      }
      return post<Preview>('/api/agreements/import/preview', { text, ...(referenceDate ? { reference_date: referenceDate } : {}) });
    },
    onSuccess: accept,
  });
  const recheck = useMutation({ mutationFn: () => post<Preview>('/api/agreements/import/preview', { document: doc }), onSuccess: accept });
  const save = useMutation({
    mutationFn: () => post<ImportResult>('/api/agreements/import', {
      document: { ...doc!, sessions: doc!.sessions.filter((_, i) => include[i] && preview?.plan.sessions[i]?.action === 'create') },
      create_suggested_commitments: createSuggested,
    }),
    onSuccess: (r) => { setResult(r); void invalidate(); },
  });

  const selected = useMemo(() => {
    if (!doc || !preview) return { sessions: 0, agreements: 0, transitory: 0 };
    const chosen = doc.sessions.filter((_, i) => include[i] && preview.plan.sessions[i]?.action === 'create');
    return { sessions: chosen.length, agreements: chosen.reduce((n, s) => n + (s.agreements?.length ?? 0), 0), transitory: chosen.reduce((n, s) => n + (s.transitory?.length ?? 0), 0) };
  }, [doc, preview, include]);

  const stage = result ? 2 : preview ? 1 : 0;
  const reset = () => { setPreview(null); setDoc(null); setResult(null); save.reset(); review.reset(); };
  const ready = mode === 'file' ? !!file : text.trim().length > 0;

  return (
    <Stack gap="sm">
      <PageHeader title={t('ag.import.title')} intro={t('ag.import.intro')} testId="ag-import-title" />
      <Stepper active={stage} size="sm" allowNextStepsSelect={false} mb="xs">
        <Stepper.Step label={t('ag.import.step1')} />
        <Stepper.Step label={t('ag.import.step2')} />
        <Stepper.Step label={t('ag.import.step3')} />
      </Stepper>

      {stage === 0 && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as Mode)}
              data={[{ value: 'file', label: t('ag.import.modeFile') }, { value: 'paste', label: t('ag.import.modePaste') }]}
              w="fit-content"
              data-testid="ag-import-mode"
            />
            {mode === 'file' ? (
              <FileInput
                label={t('ag.import.file')}
                placeholder={t('ag.import.filePlaceholder')}
                accept=".txt,.md,.markdown,.docx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                value={file}
                onChange={setFile}
                clearable
                maw={520}
                data-testid="ag-import-file"
                fileInputProps={{ 'data-testid': 'ag-import-file-input' } as InputHTMLAttributes<HTMLInputElement>}
              />
            ) : (
              <Textarea
                label={t('ag.import.text')}
                placeholder={t('ag.import.textPlaceholder')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={10}
                maxRows={24}
                styles={{ input: { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', fontSize: 12 } }}
                data-testid="ag-import-text"
              />
            )}
            <Group align="flex-end" gap="md" wrap="wrap">
              <TextInput type="date" label={t('ag.import.referenceDate')} description={t('ag.import.referenceHelp')} value={referenceDate} onChange={(e) => setReferenceDate(e.currentTarget.value)} w={260} />
            </Group>
            <ErrorAlert error={review.error} />
            <Group>
              <Button onClick={() => review.mutate()} disabled={!ready} loading={review.isPending} data-testid="ag-import-review">{t('ag.import.review')}</Button>
            </Group>
          </Stack>
        </Paper>
      )}

      {stage === 1 && preview && doc && (
        <Stack gap="sm" data-testid="ag-import-preview">
          {doc.sessions.length === 0 ? (
            <Alert color="yellow" title={t('ag.import.nothing')} data-testid="ag-import-nothing" />
          ) : (
            <Alert color={preview.plan.invalid ? 'red' : 'verde'} variant="light" data-testid="ag-import-summary">
              <Text size="sm" fw={600}>{t('ag.import.summary', selected)}</Text>
              {preview.plan.skip_existing ? <Text size="sm">{t('ag.import.skip', { count: preview.plan.skip_existing })}</Text> : null}
              {preview.plan.invalid ? <Text size="sm">{t('ag.import.invalid', { count: preview.plan.invalid })}</Text> : null}
            </Alert>
          )}
          {preview.warnings.length ? (
            <Alert color="yellow" variant="light" title={t('ag.import.warnings')} data-testid="ag-import-warnings">
              <List size="sm" spacing={2}>{preview.warnings.map((w, i) => <List.Item key={i}>{w}</List.Item>)}</List>
            </Alert>
          ) : null}
          {dirty ? (
            <Alert color="blue" variant="light">
              <Group justify="space-between" wrap="wrap">
                <Text size="sm">{t('ag.import.edited')}</Text>
                <Button size="xs" variant="outline" onClick={() => recheck.mutate()} loading={recheck.isPending}>{t('ag.import.recheck')}</Button>
              </Group>
            </Alert>
          ) : null}
          <ErrorAlert error={recheck.error} />
          {doc.sessions.map((s, i) => (
            <SessionReview
              key={i}
              s={s}
              plan={preview.plan.sessions[i]}
              include={include[i] ?? false}
              onInclude={(v) => setInclude((xs) => xs.map((x, k) => (k === i ? v : x)))}
              onChange={(next) => { setDoc((d) => d && { ...d, sessions: d.sessions.map((x, k) => (k === i ? next : x)) }); setDirty(true); }}
            />
          ))}
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Checkbox checked={createSuggested} onChange={(e) => setCreateSuggested(e.currentTarget.checked)} label={t('ag.import.suggested')} description={t('ag.import.suggestedHelp')} />
              <ErrorAlert error={save.error} />
              {selected.sessions === 0 && doc.sessions.length > 0 ? <Text size="sm" c="dimmed">{t('ag.import.selectNone')}</Text> : null}
              <Group>
                <Button onClick={() => save.mutate()} loading={save.isPending} disabled={selected.sessions === 0} data-testid="ag-import-save">{t('ag.import.save')}</Button>
                <Button variant="default" onClick={reset}>{t('ag.import.back')}</Button>
              </Group>
            </Stack>
          </Paper>
        </Stack>
      )}

      {stage === 2 && result && (
        <Stack gap="sm">
          <Alert color="verde" variant="light" title={t('ag.import.done')} data-testid="ag-import-result">
            <Text size="sm">{t('ag.import.created', result.created)}</Text>
          </Alert>
          <Paper withBorder p="md">
            <Stack gap={6}>
              {result.sessions.map((s, i) => (
                <Group key={s.id} gap="sm" wrap="wrap">
                  <Anchor component={Link} to={`/acuerdos/sesiones/${s.id}`} fw={600} data-testid={`ag-import-open-${i}`}>{s.name}</Anchor>
                  <Text size="sm" c="dimmed">{formatDay(s.date)} · {s.status === 'created' ? `${t('ag.import.createdOne')}: ${s.agreements} ${t('ag.common.acuerdos').toLowerCase()}` : t('ag.import.existing')}</Text>
                </Group>
              ))}
            </Stack>
          </Paper>
          <Group><Button variant="outline" onClick={() => { reset(); setFile(null); setText(''); }}>{t('ag.import.startOver')}</Button></Group>
        </Stack>
      )}
    </Stack>
  );
}
