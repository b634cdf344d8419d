import { Alert, Anchor, Badge, Button, Grid, Group, Modal, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, patch, post } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DataTable, type Column } from '../../components/DataTable';
import { formErrors } from '../../components/forms';
import { EntidadSelect } from '../../components/selects';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, formatDay, useInvalidate } from './lib';
import type { Liaison } from './types';

const KEYS = ['entidad', 'active'] as const;

/** Registers an enlace designated by oficio (the entidad itself, or the Secretaría Técnica). */
function LiaisonForm({ opened, onClose, onSaved }: { opened: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const invalidate = useInvalidate();
  const [f, setF] = useState({ entidad: me?.view_scope === 'national' ? '' : me?.entidad?.code ?? '', commitment_id: '' as number | string, name: '', position: '', oficio_number: '', oficio_date: '', email: '', phone: '' });
  const set = (k: keyof typeof f) => (v: string | number | null) => setF((p) => ({ ...p, [k]: v ?? '' }));
  const save = useMutation({
    mutationFn: () => post('/api/agreements/liaisons', {
      entidad: f.entidad, name: f.name, position: f.position, oficio_number: f.oficio_number, oficio_date: f.oficio_date,
      ...(f.commitment_id !== '' ? { commitment_id: Number(f.commitment_id) } : {}), ...(f.email ? { email: f.email } : {}), ...(f.phone ? { phone: f.phone } : {}),
    }),
    onSuccess: () => { onSaved(); void invalidate(); },
  });
  const fe = formErrors(save.error, ['entidad', 'commitment_id', 'name', 'position', 'oficio_number', 'oficio_date', 'email', 'phone']);
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{t('ag.liaisons.add')}</Text>} size="lg">
      {fe.general ? <Alert color="red" variant="light" role="alert" mb="sm">{fe.general}</Alert> : null}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6 }}><EntidadSelect label={t('ag.common.entidad')} required value={f.entidad || null} onChange={set('entidad')} error={fe.field('entidad')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><NumberInput label={t('ag.liaisons.commitment')} min={1} allowDecimal={false} value={f.commitment_id} onChange={set('commitment_id')} error={fe.field('commitment_id')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('ag.liaisons.name')} required value={f.name} onChange={(e) => set('name')(e.currentTarget.value)} error={fe.field('name')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('ag.liaisons.position')} required value={f.position} onChange={(e) => set('position')(e.currentTarget.value)} error={fe.field('position')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('ag.liaisons.oficioNumber')} required value={f.oficio_number} onChange={(e) => set('oficio_number')(e.currentTarget.value)} error={fe.field('oficio_number')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput type="date" label={t('ag.liaisons.oficioDate')} required value={f.oficio_date} onChange={(e) => set('oficio_date')(e.currentTarget.value)} error={fe.field('oficio_date')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput type="email" label={t('ag.liaisons.email')} value={f.email} onChange={(e) => set('email')(e.currentTarget.value)} error={fe.field('email')} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><TextInput type="tel" label={t('ag.liaisons.phone')} value={f.phone} onChange={(e) => set('phone')(e.currentTarget.value)} error={fe.field('phone')} /></Grid.Col>
      </Grid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={() => save.mutate()} loading={save.isPending}>{t('common.save')}</Button>
      </Group>
    </Modal>
  );
}

export default function LiaisonsPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const invalidate = useInvalidate();
  const entidadName = useEntidadName();
  const [q, setQ] = useSearchState(KEYS);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState(false);
  const [ending, setEnding] = useState<Liaison | null>(null);
  const national = me?.view_scope === 'national';
  const canWrite = can('agreement.progress') || (can('agreement.manage') && national);
  const list = useQuery({
    queryKey: [AG, 'liaisons', q],
    queryFn: () => get<{ items: Liaison[] }>('/api/agreements/liaisons', { entidad: q.entidad, active: q.active === 'all' ? undefined : 'true' }),
  });
  const end = useMutation({ mutationFn: (id: number) => patch(`/api/agreements/liaisons/${id}`, { active: false }), onSuccess: () => { setEnding(null); void invalidate(); } });

  const columns: Column<Liaison>[] = [
    { key: 'entidad', header: t('ag.common.entidad'), width: 150, render: (l) => l.entidad_name ?? entidadName(l.entidad) },
    { key: 'name', header: t('ag.liaisons.name'), render: (l) => <Stack gap={0}><Text size="sm" fw={600}>{l.name}</Text><Text size="xs">{l.position}</Text></Stack> },
    { key: 'oficio', header: t('ag.liaisons.oficio'), width: 200, render: (l) => <Stack gap={0}><Text size="sm">{l.oficio_number}</Text><Text size="xs" c="dimmed">{formatDay(l.oficio_date)}</Text></Stack> },
    { key: 'scope', header: t('ag.liaisons.scope'), width: 150, render: (l) => (l.commitment_id ? <Anchor component={Link} to={`/acuerdos/compromisos/${l.commitment_id}`} size="sm">{t('ag.liaisons.forCommitment', { id: l.commitment_id })}</Anchor> : t('ag.liaisons.general')) },
    { key: 'contact', header: `${t('ag.liaisons.email')} / ${t('ag.liaisons.phone')}`, render: (l) => [l.email, l.phone].filter(Boolean).join(' · ') || '—' },
    {
      key: 'status', header: t('ag.common.status'), width: 170, render: (l) => (!l.active
        ? <Badge variant="light" color="gray" radius="sm">{t('ag.liaisons.ended')}</Badge>
        : canWrite && (national || l.entidad === me?.entidad?.code) ? <Button size="compact-xs" variant="outline" color="red" onClick={() => setEnding(l)}>{t('ag.liaisons.end')}</Button> : null),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title={t('ag.liaisons.title')} intro={t('ag.liaisons.intro')} testId="ag-liaisons-title"
        actions={canWrite ? <Button onClick={() => { setAdding(true); setSaved(false); }} data-testid="ag-liaison-add">{t('ag.liaisons.add')}</Button> : undefined} />
      {saved ? <Alert color="verde" variant="light" withCloseButton onClose={() => setSaved(false)}>{t('ag.liaisons.saved')}</Alert> : null}
      <Group align="end" gap="md">
        {national ? <EntidadSelect label={t('ag.common.entidad')} w={240} value={q.entidad || null} onChange={(v) => setQ({ entidad: v })} /> : null}
        <Switch label={t('ag.liaisons.active')} checked={q.active !== 'all'} onChange={(e) => setQ({ active: e.currentTarget.checked ? null : 'all' })} mb={8} />
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(l) => l.id} loading={list.isLoading} caption={t('ag.liaisons.caption')} testId="ag-liaisons-table" />
      {adding ? <LiaisonForm opened onClose={() => setAdding(false)} onSaved={() => { setAdding(false); setSaved(true); }} /> : null}
      <ConfirmModal
        opened={!!ending}
        title={t('ag.liaisons.endTitle')}
        message={t('ag.liaisons.endMessage', { name: ending?.name ?? '' })}
        confirmLabel={t('ag.liaisons.end')}
        danger
        loading={end.isPending}
        error={end.error}
        onConfirm={() => ending && end.mutate(ending.id)}
        onClose={() => { setEnding(null); end.reset(); }}
      />
    </Stack>
  );
}
