/**
 * "Búsqueda de personas". data-testids: ps-nombre, ps-curp, ps-fecha-nacimiento, ps-sexo, ps-motivo, ps-submit, ps-summary,
 * ps-results, ps-row-<i>, ps-why-<i>, ps-comparison-<i>.
 */
import { Anchor, Badge, Button, Grid, Group, Paper, Select, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { useFormState } from '../../components/forms';
import { PersonComparison, personName, ScoreBar, type Features, type PersonView } from '../../components/person';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';

interface Hit { entidad: string; registry: string; record_id: string; label: string | null; observed_at: string; persona: PersonView; score: number; match: boolean; features: Features; algorithm: string }
interface Result { items: Hit[]; candidates: number; took_ms: number }

const FIELDS = ['nombre', 'curp', 'fecha_nacimiento', 'sexo', 'motivo'] as const;
const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The page of a record the user may open, when the registry has one in the UI. */
function recordLink(h: Hit, can: (p: 'detention.read') => boolean): string | null {
  if (h.registry === 'detention' && h.label && can('detention.read')) return `/detenciones/${h.label}`;
  return null;
}

export default function SearchPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const entidadName = useEntidadName();
  const [f, setF] = useState({ nombre: '', curp: '', fecha_nacimiento: '', sexo: null as string | null, motivo: '' });
  const [open, setOpen] = useState<number | null>(null);
  const [onlyMatches, setOnlyMatches] = useState(false);
  const search = useMutation({
    mutationFn: () => api<Result>('/api/search/persons', {
      method: 'POST', body: { nombre: opt(f.nombre), curp: opt(f.curp), fecha_nacimiento: opt(f.fecha_nacimiento), sexo: f.sexo ?? undefined, motivo: f.motivo.trim(), limit: 50 },
    }),
    onSuccess: () => setOpen(null),
  });
  const form = useFormState(search.error, FIELDS);
  const set = (k: keyof typeof f) => (v: string | null) => { setF((p) => ({ ...p, [k]: v })); form.touch(k); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.check({ motivo: f.motivo })) return;
    search.mutate();
  };
  const query: PersonView = { nombre_completo: f.nombre, curp: f.curp || null, fecha_nacimiento: f.fecha_nacimiento || null, sexo: f.sexo };
  const items = (search.data?.items ?? []).filter((h) => !onlyMatches || h.match);
  return (
    <Stack>
      <PageHeader title={t('ps.title')} intro={t('ps.intro')} testId="ps-title" />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        {form.general ? <ErrorAlert error={new Error(form.general)} /> : null}
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}><TextInput label={t('ps.nombre')} value={f.nombre} onChange={(e) => set('nombre')(e.currentTarget.value)} error={form.field('nombre')} data-testid="ps-nombre" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}><TextInput label={t('ps.curp')} ff="monospace" maxLength={18} value={f.curp} onChange={(e) => set('curp')(e.currentTarget.value.toUpperCase())} error={form.field('curp')} data-testid="ps-curp" /></Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}><TextInput type="date" label={t('ps.fechaNacimiento')} value={f.fecha_nacimiento} onChange={(e) => set('fecha_nacimiento')(e.currentTarget.value)} error={form.field('fecha_nacimiento')} data-testid="ps-fecha-nacimiento" /></Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}><Select label={t('ps.sexo')} clearable data={['H', 'M', 'X'].map((v) => ({ value: v, label: t(`person.sexoValue.${v}`) }))} value={f.sexo} onChange={set('sexo')} error={form.field('sexo')} data-testid="ps-sexo" /></Grid.Col>
          <Grid.Col span={12}><Textarea required autosize minRows={1} label={t('ps.motivo')} description={t('ps.motivoHelp')} value={f.motivo} onChange={(e) => set('motivo')(e.currentTarget.value)} error={form.field('motivo')} data-testid="ps-motivo" /></Grid.Col>
        </Grid>
        <Group mt="md" justify="space-between">
          <Button type="submit" loading={search.isPending} data-testid="ps-submit">{t('ps.submit')}</Button>
          <Switch label={t('ps.onlyMatches')} checked={onlyMatches} onChange={(e) => setOnlyMatches(e.currentTarget.checked)} />
        </Group>
      </Paper>
      {search.data ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" data-testid="ps-summary">{t('ps.results', { count: items.length, candidates: search.data.candidates, ms: search.data.took_ms })}</Text>
          {items.length === 0 ? <Text c="dimmed">{t('ps.none')}</Text> : (
            <Table.ScrollContainer minWidth={760} type="native">
              <Table className="sereno-table" bg="white" data-testid="ps-results">
                <Table.Thead><Table.Tr>
                  <Table.Th>{t('ps.score')}</Table.Th><Table.Th>{t('ps.persona')}</Table.Th><Table.Th>{t('ps.registro')}</Table.Th>
                  <Table.Th>{t('ps.entidad')}</Table.Th><Table.Th>{t('ps.fecha')}</Table.Th><Table.Th>{t('ps.why')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {items.map((h, i) => {
                    const link = recordLink(h, can);
                    return (
                      <Fragment key={`${h.entidad}-${h.registry}-${h.record_id}`}>
                        <Table.Tr data-testid={`ps-row-${i}`} data-match={h.match}>
                          <Table.Td><Group gap={6} wrap="nowrap"><ScoreBar score={h.score} match={h.match} />{h.match ? <Badge size="xs" color="red">{t('ps.match')}</Badge> : null}</Group></Table.Td>
                          <Table.Td><Text size="sm" fw={600}>{personName(h.persona)}</Text>{h.persona.alias?.length ? <Text size="xs" c="dimmed">«{h.persona.alias.join('», «')}»</Text> : null}</Table.Td>
                          <Table.Td>{t(`ps.registry.${h.registry}`, { defaultValue: h.registry })} {link ? <Anchor component={Link} to={link} ff="monospace" size="sm">{h.label}</Anchor> : <Text span ff="monospace" size="sm">{h.label ?? h.record_id}</Text>}</Table.Td>
                          <Table.Td>{entidadName(h.entidad)}</Table.Td>
                          <Table.Td>{formatDateTime(h.observed_at)}</Table.Td>
                          <Table.Td><Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === i ? null : i)} data-testid={`ps-why-${i}`} aria-expanded={open === i}>{open === i ? '▾' : '▸'} {t('ps.why')}</Button></Table.Td>
                        </Table.Tr>
                        <Table.Tr style={{ display: open === i ? undefined : 'none' }}>
                          <Table.Td colSpan={6}>
                            <div>
                              <PersonComparison testId={`ps-comparison-${i}`} left={query} right={h.persona} features={h.features} leftLabel={t('ps.query')} rightLabel={`${t('ps.record')} ${h.label ?? h.record_id}`} />
                              <Text size="xs" c="dimmed" mt={4} ff="monospace">{h.algorithm}</Text>
                            </div>
                          </Table.Td>
                        </Table.Tr>
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}
