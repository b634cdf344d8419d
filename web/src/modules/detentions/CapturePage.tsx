/**
 * "Registrar detención". data-testids: det-nombre, det-paterno, det-materno, det-edad, det-sexo, det-curp,
 * det-entidad, det-municipio, det-fecha-hora, det-motivo, det-tipo, det-supuesto, det-offence, det-agente-nombre,
 * det-agente-cargo, det-destino-tipo, det-destino-nombre, det-traslado, det-submit, det-folio.
 */
import { Alert, Button, Grid, Group, NumberInput, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { useEntidades } from '../../catalogs';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { currentLang } from '../../i18n';
import { Avisos } from './Avisos';
import type { Aviso, Offence } from './types';

/** Local date-time for an input of type datetime-local, in the browser's zone. */
const nowLocal = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
/** datetime-local value → ISO 8601 with the browser's offset. */
function toIsoWithOffset(local: string): string {
  const d = new Date(local);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${hh}:${mm}`;
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

export default function CapturePage() {
  const { t } = useTranslation();
  const me = useMe();
  const entidades = useEntidades();
  const [f, setF] = useState({
    nombre: '', paterno: '', materno: '', edad: '' as number | string, fecha_nacimiento: '', sexo: 'H', curp: '', senas: '', alias: '',
    entidad: me.entidad?.code ?? '', municipio: '', domicilio: '', fecha_hora: nowLocal(), motivo: '',
    tipo: 'hecho_probablemente_delictivo', supuesto: 'flagrancia', offence: '' as string | null,
    agente_nombre: '', agente_cargo: '', agente_unidad: '', destino_tipo: 'ministerio_publico', destino_nombre: '', traslado: '',
  });
  const set = (k: keyof typeof f) => (v: unknown) => setF((p) => ({ ...p, [k]: v }));
  const kind = f.tipo === 'falta_administrativa' ? 'falta' : 'delito';
  const offences = useQuery({ queryKey: ['catalogs', 'offences', kind], queryFn: () => api<{ items: Offence[] }>(`/api/catalogs/offences?kind=${kind}`) });
  const municipios = useQuery({
    queryKey: ['catalogs', 'municipios', f.entidad], enabled: !!f.entidad,
    queryFn: () => api<{ items: { code: string; name: string }[] }>(`/api/catalogs/entidades/${f.entidad}/municipios`),
  });
  const save = useMutation({
    mutationFn: () => api<{ folio: string; avisos?: Aviso[] }>('/api/detentions', {
      method: 'POST',
      body: {
        persona: {
          nombre: f.nombre.trim(), apellido_paterno: opt(f.paterno) ?? null, apellido_materno: opt(f.materno) ?? null,
          edad: f.edad === '' ? null : Number(f.edad), fecha_nacimiento: opt(f.fecha_nacimiento) ?? null, sexo: f.sexo,
          curp: opt(f.curp) ?? null, senas_particulares: opt(f.senas) ?? null,
          alias: f.alias.split(',').map((a) => a.trim()).filter(Boolean),
        },
        lugar: { entidad: f.entidad || undefined, municipio: opt(f.municipio) ?? null, domicilio: opt(f.domicilio) ?? null },
        fecha_hora_detencion: toIsoWithOffset(f.fecha_hora),
        motivo: f.motivo.trim(), tipo: f.tipo, supuesto: f.supuesto,
        offence_codes: f.offence ? [f.offence] : [],
        autoridad_detencion: { agentes: [{ nombre: f.agente_nombre.trim(), cargo: f.agente_cargo.trim(), unidad: opt(f.agente_unidad) ?? null }] },
        autoridad_destino: { tipo: f.destino_tipo, nombre: f.destino_nombre.trim() },
        lugar_traslado: f.traslado.trim(),
      },
    }),
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const err = (...paths: string[]) => issues.find((i) => paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)))?.message;
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const offenceList = offences.data?.items ?? [];
  const groups = [...new Set(offenceList.map((o) => o.category ?? '—'))].map((g) => ({
    group: g,
    items: offenceList.filter((o) => (o.category ?? '—') === g).map((o) => ({ value: o.code, label: currentLang() === 'en' ? o.name_en : o.name_es })),
  }));

  if (save.data) {
    return (
      <Stack maw={640}>
        <PageHeader title={t('det.capture.done')} />
        <Alert color="green" title={t('det.capture.folio')}>
          <Text size="xl" fw={700} data-testid="det-folio">{save.data.folio}</Text>
        </Alert>
        <Avisos avisos={save.data.avisos} />
        <Group>
          <Button component={Link} to={`/detenciones/${save.data.folio}`}>{t('det.capture.open')}</Button>
          <Button variant="default" onClick={() => { save.reset(); setF((p) => ({ ...p, nombre: '', paterno: '', materno: '', curp: '', motivo: '', fecha_hora: nowLocal() })); }}>{t('det.capture.another')}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <PageHeader title={t('det.capture.title')} intro={t('det.capture.intro')} />
      <Stack gap="md">
        {save.error && !issues.length ? <ErrorAlert error={save.error} /> : null}
        {issues.length ? <Alert color="red" role="alert">{(save.error as ApiError).message}</Alert> : null}
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">{t('det.capture.person')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput required label={t('det.capture.nombre')} value={f.nombre} onChange={(e) => set('nombre')(e.currentTarget.value)} error={err('persona.nombre')} data-testid="det-nombre" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('det.capture.paterno')} value={f.paterno} onChange={(e) => set('paterno')(e.currentTarget.value)} error={err('persona.apellido_paterno')} data-testid="det-paterno" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('det.capture.materno')} value={f.materno} onChange={(e) => set('materno')(e.currentTarget.value)} error={err('persona.apellido_materno')} data-testid="det-materno" /></Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}><NumberInput label={t('det.capture.edad')} min={0} max={120} value={f.edad} onChange={set('edad')} error={err('persona.edad')} data-testid="det-edad" /></Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}><TextInput type="date" label={t('det.capture.fechaNacimiento')} value={f.fecha_nacimiento} onChange={(e) => set('fecha_nacimiento')(e.currentTarget.value)} error={err('persona.fecha_nacimiento')} /></Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}><Select label={t('det.capture.sexo')} data={['H', 'M', 'X'].map((v) => ({ value: v, label: t(`det.sexo.${v}`) }))} value={f.sexo} onChange={set('sexo')} allowDeselect={false} error={err('persona.sexo')} data-testid="det-sexo" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}><TextInput label={t('det.capture.curp')} value={f.curp} onChange={(e) => set('curp')(e.currentTarget.value.toUpperCase())} maxLength={18} error={err('persona.curp')} data-testid="det-curp" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.capture.senas')} value={f.senas} onChange={(e) => set('senas')(e.currentTarget.value)} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('det.capture.alias')} value={f.alias} onChange={(e) => set('alias')(e.currentTarget.value)} error={err('persona.alias')} /></Grid.Col>
          </Grid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">{t('det.capture.place')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.entidad')} searchable data={(entidades.data ?? []).map((e) => ({ value: e.code, label: `${e.code} ${e.name}` }))} value={f.entidad || null} onChange={(v) => setF((p) => ({ ...p, entidad: v ?? '', municipio: '' }))} error={err('lugar.entidad')} data-testid="det-entidad" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              {municipios.data?.items.length
                ? <Select label={t('det.capture.municipio')} searchable data={municipios.data.items.map((m) => ({ value: m.code, label: `${m.code} ${m.name}` }))} value={f.municipio || null} onChange={(v) => set('municipio')(v ?? '')} error={err('lugar.municipio')} data-testid="det-municipio" />
                : <TextInput label={t('det.capture.municipio')} value={f.municipio} maxLength={3} onChange={(e) => set('municipio')(e.currentTarget.value)} error={err('lugar.municipio')} data-testid="det-municipio" />}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput required type="datetime-local" label={t('det.capture.fechaHora')} value={f.fecha_hora} onChange={(e) => set('fecha_hora')(e.currentTarget.value)} error={err('fecha_hora_detencion')} data-testid="det-fecha-hora" /></Grid.Col>
            <Grid.Col span={12}><TextInput label={t('det.capture.domicilio')} value={f.domicilio} onChange={(e) => set('domicilio')(e.currentTarget.value)} error={err('lugar.domicilio')} /></Grid.Col>
            <Grid.Col span={12}><Textarea required autosize minRows={2} label={t('det.capture.motivo')} value={f.motivo} onChange={(e) => set('motivo')(e.currentTarget.value)} error={err('motivo')} data-testid="det-motivo" /></Grid.Col>
          </Grid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">{t('det.capture.legal')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.tipo')} allowDeselect={false} data={['hecho_probablemente_delictivo', 'falta_administrativa'].map((v) => ({ value: v, label: t(`det.tipo.${v}`) }))} value={f.tipo} onChange={(v) => setF((p) => ({ ...p, tipo: v ?? p.tipo, offence: null, supuesto: v === 'falta_administrativa' ? 'arresto_administrativo' : 'flagrancia', destino_tipo: v === 'falta_administrativa' ? 'juez_civico' : 'ministerio_publico' }))} error={err('tipo')} data-testid="det-tipo" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.supuesto')} allowDeselect={false} data={['flagrancia', 'orden_de_aprehension', 'caso_urgente', 'arresto_administrativo'].map((v) => ({ value: v, label: t(`det.supuesto.${v}`) }))} value={f.supuesto} onChange={set('supuesto')} error={err('supuesto')} data-testid="det-supuesto" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.offences')} searchable clearable data={groups} value={f.offence} onChange={set('offence')} error={err('offence_codes')} data-testid="det-offence" /></Grid.Col>
          </Grid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">{t('det.capture.authority')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}><TextInput required label={t('det.capture.agente')} value={f.agente_nombre} onChange={(e) => set('agente_nombre')(e.currentTarget.value)} error={err('autoridad_detencion.agentes.0.nombre', 'autoridad_detencion.agentes')} data-testid="det-agente-nombre" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}><TextInput required label={t('det.capture.cargo')} value={f.agente_cargo} onChange={(e) => set('agente_cargo')(e.currentTarget.value)} error={err('autoridad_detencion.agentes.0.cargo')} data-testid="det-agente-cargo" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('det.capture.unidad')} value={f.agente_unidad} onChange={(e) => set('agente_unidad')(e.currentTarget.value)} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('det.capture.destinoTipo')} allowDeselect={false} data={['ministerio_publico', 'juez_civico', 'otra'].map((v) => ({ value: v, label: t(`det.destino.${v}`) }))} value={f.destino_tipo} onChange={set('destino_tipo')} data-testid="det-destino-tipo" /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}><TextInput required label={t('det.capture.destinoNombre')} value={f.destino_nombre} onChange={(e) => set('destino_nombre')(e.currentTarget.value)} error={err('autoridad_destino.nombre', 'autoridad_destino')} data-testid="det-destino-nombre" /></Grid.Col>
            <Grid.Col span={12}><TextInput required label={t('det.capture.traslado')} value={f.traslado} onChange={(e) => set('traslado')(e.currentTarget.value)} error={err('lugar_traslado')} data-testid="det-traslado" /></Grid.Col>
          </Grid>
        </Paper>
        <Group><Button type="submit" size="md" loading={save.isPending} data-testid="det-submit">{t('det.capture.submit')}</Button></Group>
      </Stack>
    </form>
  );
}
