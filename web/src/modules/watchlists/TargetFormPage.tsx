/**
 * "Registrar objetivo prioritario". data-testids: tg-nombre, tg-paterno, tg-materno, tg-alias, tg-curp, tg-fecha-nacimiento,
 * tg-sexo, tg-photo, tg-reason, tg-classification, tg-valid-from, tg-valid-until, tg-contact-nombre, tg-contact-telefono,
 * tg-contact-correo, tg-entidad, tg-submit.
 */
import { Button, Grid, Group, Paper, Select, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api';
import { useMe } from '../../auth';
import { useEntidades } from '../../catalogs';
import { useFormState } from '../../components/forms';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { CLASSIFICATIONS, type Target } from './types';

const FIELDS = ['persona.nombre', 'persona.apellido_paterno', 'persona.apellido_materno', 'persona.alias', 'persona.curp', 'persona.fecha_nacimiento', 'persona.sexo',
  'photo_ref', 'reason', 'classification', 'valid_from', 'valid_until', 'contact.nombre', 'contact.telefono', 'contact.correo', 'entidad'] as const;
const opt = (s: string) => (s.trim() === '' ? null : s.trim());

export default function TargetFormPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const entidades = useEntidades();
  const national = me.capture_scope === 'national' && me.view_scope === 'national';
  const [f, setF] = useState({
    nombre: '', paterno: '', materno: '', alias: '', curp: '', fecha_nacimiento: '', sexo: null as string | null, photo: '', reason: '',
    classification: 'orden_de_aprehension' as string | null, valid_from: '', valid_until: '', contact_nombre: me.institution?.name ?? '', telefono: '', correo: '',
    entidad: me.entidad?.code ?? null as string | null,
  });
  const save = useMutation({
    mutationFn: () => api<Target>('/api/targets', {
      method: 'POST',
      body: {
        persona: {
          nombre: f.nombre.trim(), apellido_paterno: opt(f.paterno), apellido_materno: opt(f.materno),
          alias: f.alias.split(',').map((s) => s.trim()).filter(Boolean), curp: opt(f.curp), fecha_nacimiento: opt(f.fecha_nacimiento), sexo: f.sexo,
        },
        photo_ref: opt(f.photo), reason: f.reason.trim(), classification: f.classification,
        ...(f.valid_from ? { valid_from: f.valid_from } : {}), valid_until: opt(f.valid_until),
        contact: { nombre: f.contact_nombre.trim(), telefono: opt(f.telefono), correo: opt(f.correo) },
        ...(national && f.entidad ? { entidad: f.entidad } : {}),
      },
    }),
    onSuccess: (tg) => navigate(`/objetivos/${tg.id}?alertas=${tg.alerts_raised ?? 0}`),
  });
  const form = useFormState(save.error, FIELDS);
  const set = (k: keyof typeof f, field?: string) => (v: string | null) => { setF((p) => ({ ...p, [k]: v })); if (field) form.touch(field); };
  const txt = (k: keyof typeof f, field: string) => (e: { currentTarget: { value: string } }) => set(k, field)(e.currentTarget.value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.check({ 'persona.nombre': f.nombre, reason: f.reason, 'contact.nombre': f.contact_nombre })) return;
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate><Stack>
      <PageHeader title={t('wl.form.title')} intro={t('wl.form.intro')} testId="tg-form-title" />
      {form.general ? <ErrorAlert error={new Error(form.general)} /> : null}
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="sm">{t('wl.form.person')}</Title>
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput required label={t('wl.form.nombre')} value={f.nombre} onChange={txt('nombre', 'persona.nombre')} error={form.field('persona.nombre')} data-testid="tg-nombre" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('wl.form.paterno')} value={f.paterno} onChange={txt('paterno', 'persona.apellido_paterno')} error={form.field('persona.apellido_paterno')} data-testid="tg-paterno" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('wl.form.materno')} value={f.materno} onChange={txt('materno', 'persona.apellido_materno')} error={form.field('persona.apellido_materno')} data-testid="tg-materno" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('wl.form.alias')} value={f.alias} onChange={txt('alias', 'persona.alias')} error={form.field('persona.alias')} data-testid="tg-alias" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('wl.form.curp')} value={f.curp} maxLength={18} onChange={(e) => set('curp', 'persona.curp')(e.currentTarget.value.toUpperCase())} error={form.field('persona.curp')} ff="monospace" data-testid="tg-curp" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="date" label={t('wl.form.fechaNacimiento')} value={f.fecha_nacimiento} onChange={txt('fecha_nacimiento', 'persona.fecha_nacimiento')} error={form.field('persona.fecha_nacimiento')} data-testid="tg-fecha-nacimiento" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><Select label={t('wl.form.sexo')} clearable data={['H', 'M', 'X'].map((v) => ({ value: v, label: t(`person.sexoValue.${v}`) }))} value={f.sexo} onChange={set('sexo', 'persona.sexo')} error={form.field('persona.sexo')} data-testid="tg-sexo" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('wl.form.photo')} value={f.photo} onChange={txt('photo', 'photo_ref')} error={form.field('photo_ref')} data-testid="tg-photo" /></Grid.Col>
        </Grid>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="sm">{t('wl.form.case')}</Title>
        <Grid>
          <Grid.Col span={12}><Textarea required autosize minRows={2} label={t('wl.form.reason')} value={f.reason} onChange={txt('reason', 'reason')} error={form.field('reason')} data-testid="tg-reason" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><Select required allowDeselect={false} label={t('wl.form.classification')} data={CLASSIFICATIONS.map((v) => ({ value: v, label: t(`wl.classification.${v}`) }))} value={f.classification} onChange={set('classification', 'classification')} error={form.field('classification')} data-testid="tg-classification" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="date" label={t('wl.form.validFrom')} value={f.valid_from} onChange={txt('valid_from', 'valid_from')} error={form.field('valid_from')} data-testid="tg-valid-from" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="date" label={t('wl.form.validUntil')} value={f.valid_until} onChange={txt('valid_until', 'valid_until')} error={form.field('valid_until')} data-testid="tg-valid-until" /></Grid.Col>
          {national ? (
            <Grid.Col span={{ base: 12, md: 4 }}><Select searchable label={t('wl.form.entidad')} data={(entidades.data ?? []).map((e) => ({ value: e.code, label: e.name }))} value={f.entidad} onChange={set('entidad', 'entidad')} error={form.field('entidad')} data-testid="tg-entidad" /></Grid.Col>
          ) : null}
        </Grid>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="sm">{t('wl.form.contact')}</Title>
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput required label={t('wl.form.contactNombre')} value={f.contact_nombre} onChange={txt('contact_nombre', 'contact.nombre')} error={form.field('contact.nombre')} data-testid="tg-contact-nombre" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput label={t('wl.form.telefono')} value={f.telefono} onChange={txt('telefono', 'contact.telefono')} error={form.field('contact.telefono')} data-testid="tg-contact-telefono" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}><TextInput type="email" label={t('wl.form.correo')} value={f.correo} onChange={txt('correo', 'contact.correo')} error={form.field('contact.correo')} data-testid="tg-contact-correo" /></Grid.Col>
        </Grid>
      </Paper>
      <Group><Button type="submit" loading={save.isPending} data-testid="tg-submit">{t('wl.form.submit')}</Button></Group>
    </Stack></form>
  );
}
