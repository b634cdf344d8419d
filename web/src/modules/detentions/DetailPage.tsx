import { Alert, Badge, Button, Checkbox, Grid, Group, Paper, Select, Stack, Table, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { Avisos } from './Avisos';
import { FlagBadges } from './FlagBadges';
import type { Aviso, Flag } from './types';

interface TimelineItem { kind: string; at: string; recorded_at: string; recorded_by: { name: string }; seq?: number; version?: number; data: Record<string, unknown> }
interface Detail {
  folio: string; entidad_nombre: string; version: number; flags: Flag[]; institution: { name: string };
  persona: { nombre: string; apellido_paterno?: string | null; apellido_materno?: string | null; sexo: string; edad?: number | null; curp?: string | null; alias?: string[] };
  fecha_hora_detencion: string; motivo: string; tipo: string; supuesto: string; lugar_traslado: string;
  custodia: { situacion: string; ubicacion_actual: string | null; autoridad_actual: string | null };
  plazos?: Record<string, unknown>;
  avisos?: Aviso[];
}

const localNow = () => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16); };
const iso = (local: string) => new Date(local).toISOString();

function summary(item: TimelineItem): string {
  const d = item.data;
  const parts = [d.autoridad && typeof d.autoridad === 'object' ? (d.autoridad as { nombre?: string }).nombre : d.autoridad, d.lugar, d.estado_fisico, d.origen && `${d.origen} → ${d.destino}`, d.situacion, d.descripcion, d.motivo, d.folio, d.motivo_cambio];
  return parts.filter((p) => typeof p === 'string' && p).join(' · ');
}

export default function DetailPage() {
  const { folio = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: ['detentions', folio], queryFn: () => api<Detail>(`/api/detentions/${folio}`) });
  const timeline = useQuery({ queryKey: ['detentions', folio, 'timeline'], queryFn: () => api<{ items: TimelineItem[] }>(`/api/detentions/${folio}/timeline`) });
  const [ev, setEv] = useState({ tipo: 'puesta_a_disposicion', when: localNow(), autoridad_tipo: 'ministerio_publico', autoridad: '', lugar: '', estado_fisico: '', lesiones: false, origen: '', destino: '', situacion: 'retencion_ministerio_publico', descripcion: '', motivo: 'cumplimiento_de_arresto' });
  const set = (k: keyof typeof ev) => (v: unknown) => setEv((p) => ({ ...p, [k]: v }));
  const add = useMutation({
    mutationFn: () => {
      const base = { tipo: ev.tipo, ocurrido_at: iso(ev.when) };
      const body = ev.tipo === 'puesta_a_disposicion' ? { ...base, autoridad: { tipo: ev.autoridad_tipo, nombre: ev.autoridad }, lugar: ev.lugar }
        : ev.tipo === 'revision_medica' ? { ...base, estado_fisico: ev.estado_fisico, lesiones: ev.lesiones }
          : ev.tipo === 'traslado' ? { ...base, origen: ev.origen, destino: ev.destino }
            : ev.tipo === 'cambio_situacion_juridica' ? { ...base, situacion: ev.situacion, descripcion: ev.descripcion }
              : { ...base, motivo: ev.motivo, descripcion: ev.descripcion || null };
      return api(`/api/detentions/${folio}/events`, { method: 'POST', body });
    },
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['detentions', folio] }); },
  });
  const issues = add.error instanceof ApiError ? add.error.issues : [];
  const err = (p: string) => issues.find((i) => i.path === p || i.path.startsWith(`${p}.`))?.message;
  if (detail.isLoading) return <PageLoader />;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const d = detail.data!;
  const name = [d.persona.nombre, d.persona.apellido_paterno, d.persona.apellido_materno].filter(Boolean).join(' ');
  return (
    <Stack>
      <PageHeader title={name} intro={`${d.folio} · ${d.entidad_nombre} · ${t('det.detail.version')} ${d.version}`} testId="det-detail-title" />
      <FlagBadges flags={d.flags} />
      <Avisos avisos={d.avisos} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Table fz="sm"><Table.Tbody>
              <Table.Tr><Table.Th>{t('det.list.fecha')}</Table.Th><Table.Td>{formatDateTime(d.fecha_hora_detencion)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{t('det.capture.tipo')}</Table.Th><Table.Td>{t(`det.tipo.${d.tipo}`)} · {t(`det.supuesto.${d.supuesto}`)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{t('det.capture.motivo')}</Table.Th><Table.Td>{d.motivo}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{t('det.capture.sexo')}</Table.Th><Table.Td>{t(`det.sexo.${d.persona.sexo}`)}{d.persona.edad != null ? ` · ${d.persona.edad}` : ''}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>CURP</Table.Th><Table.Td ff="monospace">{d.persona.curp ?? '—'}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{t('det.capture.authority')}</Table.Th><Table.Td>{d.institution.name}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{t('det.list.situacion')}</Table.Th><Table.Td><Badge variant="light">{t(`det.situacion.${d.custodia.situacion}`, { defaultValue: d.custodia.situacion })}</Badge> {d.custodia.ubicacion_actual ?? d.lugar_traslado}</Table.Td></Table.Tr>
            </Table.Tbody></Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="sm">{t('det.detail.timeline')}</Title>
            <Timeline bulletSize={14} lineWidth={2} data-testid="det-timeline">
              {(timeline.data?.items ?? []).map((it, i) => (
                <Timeline.Item key={i} title={t(`det.event.${it.kind}`, { defaultValue: it.kind })}>
                  <Text size="xs" c="dimmed">{formatDateTime(it.at)} · {t('det.detail.recordedBy')} {it.recorded_by?.name}</Text>
                  <Text size="sm">{summary(it)}</Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Paper>
        </Grid.Col>
      </Grid>
      {can('detention.capture') && d.custodia.situacion !== 'en_libertad' ? (
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">{t('det.detail.addEvent')}</Title>
          {add.error && !issues.length ? <ErrorAlert error={add.error} /> : null}
          {add.isSuccess ? <Alert color="green" mb="sm">✓</Alert> : null}
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.detail.eventType')} allowDeselect={false} data={['puesta_a_disposicion', 'revision_medica', 'traslado', 'cambio_situacion_juridica', 'libertad'].map((v) => ({ value: v, label: t(`det.event.${v}`) }))} value={ev.tipo} onChange={set('tipo')} data-testid="det-event-tipo" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="datetime-local" label={t('det.detail.when')} value={ev.when} onChange={(e) => set('when')(e.currentTarget.value)} error={err('ocurrido_at')} /></Grid.Col>
            {ev.tipo === 'puesta_a_disposicion' ? <>
              <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.destinoTipo')} allowDeselect={false} data={['ministerio_publico', 'juez_civico', 'juez_control', 'otra'].map((v) => ({ value: v, label: t(`det.destino.${v}`) }))} value={ev.autoridad_tipo} onChange={set('autoridad_tipo')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.detail.autoridad')} value={ev.autoridad} onChange={(e) => set('autoridad')(e.currentTarget.value)} error={err('autoridad')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.detail.lugar')} value={ev.lugar} onChange={(e) => set('lugar')(e.currentTarget.value)} error={err('lugar')} /></Grid.Col>
            </> : null}
            {ev.tipo === 'revision_medica' ? <>
              <Grid.Col span={{ base: 12, md: 8 }}><Textarea label={t('det.detail.estadoFisico')} value={ev.estado_fisico} onChange={(e) => set('estado_fisico')(e.currentTarget.value)} error={err('estado_fisico')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}><Checkbox mt="xl" label={t('det.detail.lesiones')} checked={ev.lesiones} onChange={(e) => set('lesiones')(e.currentTarget.checked)} /></Grid.Col>
            </> : null}
            {ev.tipo === 'traslado' ? <>
              <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.detail.origen')} value={ev.origen} onChange={(e) => set('origen')(e.currentTarget.value)} error={err('origen')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.detail.destino')} value={ev.destino} onChange={(e) => set('destino')(e.currentTarget.value)} error={err('destino')} /></Grid.Col>
            </> : null}
            {ev.tipo === 'cambio_situacion_juridica' ? <>
              <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.detail.situacion')} allowDeselect={false} data={['retencion_ministerio_publico', 'vinculacion_a_proceso', 'prision_preventiva', 'medidas_cautelares', 'sancion_administrativa', 'reclasificacion', 'otra']} value={ev.situacion} onChange={set('situacion')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 8 }}><TextInput label={t('det.detail.descripcion')} value={ev.descripcion} onChange={(e) => set('descripcion')(e.currentTarget.value)} error={err('descripcion')} /></Grid.Col>
            </> : null}
            {ev.tipo === 'libertad' ? <>
              <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.detail.motivoLibertad')} allowDeselect={false} data={['cumplimiento_de_arresto', 'pago_de_multa', 'falta_de_elementos', 'no_ejercicio_accion_penal', 'resolucion_judicial', 'medida_cautelar_en_libertad', 'otro']} value={ev.motivo} onChange={set('motivo')} /></Grid.Col>
              <Grid.Col span={{ base: 12, md: 8 }}><TextInput label={t('det.detail.descripcion')} value={ev.descripcion} onChange={(e) => set('descripcion')(e.currentTarget.value)} /></Grid.Col>
            </> : null}
          </Grid>
          <Group mt="md"><Button onClick={() => add.mutate()} loading={add.isPending} data-testid="det-event-save">{t('det.detail.save')}</Button></Group>
        </Paper>
      ) : null}
    </Stack>
  );
}
