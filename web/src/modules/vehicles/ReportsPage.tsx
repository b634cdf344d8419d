/**
 * Theft reports: the report form (capturists) and the list with timeline, recovery and cancellation.
 * data-testids: veh-form-plate, veh-form-vin, veh-form-make, veh-form-submit, veh-form-done, veh-list.
 */
import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useAuth, useMe } from '../../auth';
import { useEntidades, useEntidadName } from '../../catalogs';
import { Pager } from '../../components/lists';
import { useFormState } from '../../components/forms';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useSearchState } from '../../useSearchState';
import type { VehicleReport } from './types';

const nowLocal = () => { const d = new Date(); d.setSeconds(0, 0); return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16); };
const toIso = (local: string) => new Date(local).toISOString();
const opt = (s: string) => (s.trim() === '' ? null : s.trim());
const FIELDS = ['plate', 'plate_entidad', 'vin', 'make', 'model', 'year', 'color', 'with_violence', 'stolen_at', 'lat', 'lon', 'place', 'carpeta'] as const;
const STATUS_COLOR: Record<string, string> = { stolen: 'red', recovered: 'green', cancelled: 'gray' };

function ReportForm() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const entidades = useEntidades();
  const empty = { plate: '', plate_entidad: me.entidad?.code ?? null as string | null, vin: '', make: '', model: '', year: '' as number | string, color: '', with_violence: false, stolen_at: nowLocal(), lat: '' as number | string, lon: '' as number | string, place: '', carpeta: '' };
  const [f, setF] = useState(empty);
  const save = useMutation({
    mutationFn: () => api<VehicleReport>('/api/vehicles/reports', {
      method: 'POST',
      body: {
        plate: opt(f.plate), plate_entidad: f.plate_entidad, vin: opt(f.vin), make: f.make.trim(), model: opt(f.model), year: f.year === '' ? null : Number(f.year), color: opt(f.color),
        with_violence: f.with_violence, stolen_at: toIso(f.stolen_at), lat: f.lat === '' ? null : Number(f.lat), lon: f.lon === '' ? null : Number(f.lon), place: opt(f.place), carpeta: opt(f.carpeta),
      },
    }),
    onSuccess: () => { setF(empty); qc.invalidateQueries({ queryKey: ['vehicles'] }); },
  });
  const fs = useFormState(save.error, FIELDS);
  const set = (k: keyof typeof f) => (v: unknown) => { fs.touch(k); setF((p) => ({ ...p, [k]: v })); };
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Title order={2} size="h5" mb="sm">{t('veh.form.title')}</Title>
      {fs.general ? <Alert color="red" mb="sm">{fs.general}</Alert> : null}
      {save.isSuccess ? <Alert color="green" mb="sm" data-testid="veh-form-done">{t('veh.form.done')} ({save.data.plate ?? save.data.vin})</Alert> : null}
      <Grid>
        <Grid.Col span={{ base: 6, md: 3 }}><TextInput label={t('veh.form.plate')} value={f.plate} onChange={(e) => set('plate')(e.currentTarget.value)} error={fs.field('plate')} data-testid="veh-form-plate" /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}><Select label={t('veh.form.plateEntidad')} searchable data={(entidades.data ?? []).map((e) => ({ value: e.code, label: e.name }))} value={f.plate_entidad} onChange={set('plate_entidad')} error={fs.field('plate_entidad')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('veh.form.vin')} value={f.vin} onChange={(e) => set('vin')(e.currentTarget.value)} error={fs.field('vin')} data-testid="veh-form-vin" /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}><TextInput label={t('veh.form.make')} required value={f.make} onChange={(e) => set('make')(e.currentTarget.value)} error={fs.field('make')} data-testid="veh-form-make" /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}><TextInput label={t('veh.form.model')} value={f.model} onChange={(e) => set('model')(e.currentTarget.value)} error={fs.field('model')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><NumberInput label={t('veh.form.year')} value={f.year} onChange={set('year')} error={fs.field('year')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><TextInput label={t('veh.form.color')} value={f.color} onChange={(e) => set('color')(e.currentTarget.value)} error={fs.field('color')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 2 }}><Checkbox mt={30} label={t('veh.form.violence')} checked={f.with_violence} onChange={(e) => set('with_violence')(e.currentTarget.checked)} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}><TextInput type="datetime-local" data-testid="veh-form-stolen-at" label={t('veh.form.stolenAt')} value={f.stolen_at} onChange={(e) => set('stolen_at')(e.currentTarget.value)} error={fs.field('stolen_at')} /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><NumberInput label={t('veh.form.lat')} decimalScale={5} value={f.lat} onChange={set('lat')} error={fs.field('lat')} data-testid="veh-form-lat" /></Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}><NumberInput label={t('veh.form.lon')} decimalScale={5} value={f.lon} onChange={set('lon')} error={fs.field('lon')} data-testid="veh-form-lon" /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}><TextInput label={t('veh.form.place')} value={f.place} onChange={(e) => set('place')(e.currentTarget.value)} error={fs.field('place')} data-testid="veh-form-place" /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 2 }}><TextInput label={t('veh.form.carpeta')} value={f.carpeta} onChange={(e) => set('carpeta')(e.currentTarget.value)} error={fs.field('carpeta')} /></Grid.Col>
      </Grid>
      <Button type="submit" mt="md" loading={save.isPending} data-testid="veh-form-submit">{t('veh.form.submit')}</Button>
    </Paper>
  );
}

function ReportActions({ report }: { report: VehicleReport }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [open, setOpen] = useState<'timeline' | 'recover' | 'cancel' | null>(null);
  const [cond, setCond] = useState<string | null>('intacto');
  const [reason, setReason] = useState('');
  const timeline = useQuery({ queryKey: ['vehicles', 'timeline', report.id], enabled: open === 'timeline', queryFn: () => api<{ items: { seq: number; kind: string; at: string; recorded_by: { name: string } }[] }>(`/api/vehicles/reports/${report.id}/timeline`) });
  const act = useMutation({
    mutationFn: () => open === 'recover'
      ? api(`/api/vehicles/reports/${report.id}/recover`, { method: 'POST', body: { recovered_at: new Date().toISOString(), condition: cond } })
      : api(`/api/vehicles/reports/${report.id}/cancel`, { method: 'POST', body: { reason } }),
    onSuccess: () => { setOpen(null); qc.invalidateQueries({ queryKey: ['vehicles'] }); },
  });
  return (
    <Group gap="sm">
      <Anchor size="sm" onClick={() => setOpen('timeline')}>{t('veh.list.timeline')}</Anchor>
      {report.status === 'stolen' && can('vehicle.capture') ? <>
        <Anchor size="sm" onClick={() => setOpen('recover')}>{t('veh.list.recover')}</Anchor>
        <Anchor size="sm" c="red" onClick={() => setOpen('cancel')}>{t('veh.list.cancel')}</Anchor>
      </> : null}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={`${report.plate ?? report.vin} · ${open ? t(`veh.list.${open}`) : ''}`}>
        {open === 'timeline' ? (
          <Stack gap={4}>{(timeline.data?.items ?? []).map((e) => <Text key={e.seq} size="sm">{formatDateTime(e.at)} — {t(`veh.status.${e.kind === 'reported' ? 'stolen' : e.kind}`, { defaultValue: e.kind })} · {e.recorded_by?.name}</Text>)}</Stack>
        ) : (
          <Stack>
            {act.error ? <ErrorAlert error={act.error} /> : null}
            {open === 'recover'
              ? <Select label={t('veh.list.condition')} data={['intacto', 'danado', 'desvalijado', 'incendiado', 'otro'].map((v) => ({ value: v, label: t(`veh.cond.${v}`) }))} value={cond} onChange={setCond} />
              : <TextInput label={t('veh.list.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
            <Button onClick={() => act.mutate()} loading={act.isPending}>{t('veh.list.save')}</Button>
          </Stack>
        )}
      </Modal>
    </Group>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const entidadName = useEntidadName();
  const [q, setQ] = useSearchState(['status', 'plate'] as const);
  const list = useQuery({ queryKey: ['vehicles', 'list', q], queryFn: () => api<{ items: VehicleReport[]; total: number }>('/api/vehicles/reports', { query: { ...q, page: q.page, page_size: 50 } }) });
  return (
    <Stack>
      <PageHeader title={t('veh.list.title')} />
      {can('vehicle.capture') ? <ReportForm /> : null}
      <Group align="end">
        <Select label={t('veh.list.status')} clearable w={180} data={['stolen', 'recovered', 'cancelled'].map((v) => ({ value: v, label: t(`veh.status.${v}`) }))} value={q.status || null} onChange={(v) => setQ({ status: v })} />
        <TextInput label={t('veh.list.search')} defaultValue={q.plate} onKeyDown={(e) => { if (e.key === 'Enter') setQ({ plate: e.currentTarget.value }); }} />
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table striped withTableBorder fz="sm" data-testid="veh-list">
        <Table.Thead><Table.Tr><Table.Th>{t('veh.list.plate')}</Table.Th><Table.Th>{t('veh.list.vehicle')}</Table.Th><Table.Th>{t('veh.list.stolenAt')}</Table.Th><Table.Th>{t('veh.list.entidad')}</Table.Th><Table.Th>{t('veh.list.status')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((r) => (
            <Table.Tr key={`${r.entidad}-${r.id}`}>
              <Table.Td ff="monospace">{r.plate ?? '—'}{r.vin ? <Text size="xs" c="dimmed" ff="monospace">{r.vin}</Text> : null}</Table.Td>
              <Table.Td>{[r.make, r.model, r.year, r.color].filter(Boolean).join(' · ')}</Table.Td>
              <Table.Td>{formatDateTime(r.stolen_at)}</Table.Td>
              <Table.Td>{entidadName(r.entidad)}</Table.Td>
              <Table.Td><Badge color={STATUS_COLOR[r.status]}>{t(`veh.status.${r.status}`)}</Badge></Table.Td>
              <Table.Td><ReportActions report={r} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && !list.data.items.length ? <Text c="dimmed">{t('veh.list.empty')}</Text> : null}
      {list.data ? <Pager page={q.page} pageSize={50} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
