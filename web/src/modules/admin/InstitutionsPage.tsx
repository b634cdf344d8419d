import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api';
import { useAuth } from '../../auth';
import { useInstitutionTypeLabel } from '../../catalogs';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormState } from '../../components/forms';
import { EntidadSelect, InstitutionTypeSelect } from '../../components/selects';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDate } from '../../format';
import type { Institution, Paged } from '../../types';
import { useSearchState } from '../../useSearchState';

const PAGE_SIZE = 50;
const FILTERS = ['entidad', 'type', 'q'] as const;

/** Institutions: filter by entidad / type / name, create, rename, deactivate or reactivate. */
export default function InstitutionsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const typeLabel = useInstitutionTypeLabel();
  const [f, setF] = useSearchState(FILTERS);
  const [q, setQ] = useState(f.q);
  const [debouncedQ] = useDebouncedValue(q, 300);
  useEffect(() => { if (debouncedQ !== f.q) setF({ q: debouncedQ }); }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const list = useQuery({
    queryKey: ['admin', 'institutions', f],
    queryFn: ({ signal }) => get<Paged<Institution>>('/api/admin/institutions', { entidad: f.entidad, type: f.type, q: f.q, page: f.page, page_size: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Institution | null>(null);
  const [toggling, setToggling] = useState<Institution | null>(null);

  const invalidate = () => qc.invalidateQueries({ queryKey: ['admin', 'institutions'] });
  const toggle = useMutation({
    mutationFn: (i: Institution) => patch<Institution>(`/api/admin/institutions/${i.id}`, { active: !i.active }),
    onSuccess: () => { notifications.show({ color: 'verde', message: t('admin.institutions.updated') }); setToggling(null); void invalidate(); },
  });

  const columns: Column<Institution>[] = [
    { key: 'name', header: t('admin.name'), render: (i) => <Text size="sm" fw={500}>{i.name}</Text> },
    { key: 'type', header: t('admin.type'), render: (i) => typeLabel(i.type), width: 220 },
    { key: 'entidad', header: t('admin.entidad'), render: (i) => i.entidad_name ?? (i.entidad ? i.entidad : t('app.national')), width: 170 },
    { key: 'status', header: t('common.status'), width: 90, render: (i) => <Badge size="sm" variant="light" color={i.active ? 'verde' : 'gray'}>{i.active ? t('common.activeF') : t('common.inactiveF')}</Badge> },
    { key: 'created', header: t('common.createdAt'), width: 120, render: (i) => formatDate(i.created_at) },
    {
      key: 'actions', header: t('common.actions'), width: 210, render: (i) => (
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" onClick={() => setRenaming(i)} data-testid={`inst-rename-${i.id}`} aria-label={`${t('admin.institutions.rename')}: ${i.name}`}>{t('admin.institutions.rename')}</Button>
          <Button size="compact-xs" variant="subtle" color={i.active ? 'red' : 'verde'} onClick={() => (i.active ? setToggling(i) : toggle.mutate(i))}
            data-testid={`inst-toggle-${i.id}`} aria-label={`${i.active ? t('admin.institutions.deactivate') : t('admin.institutions.activate')}: ${i.name}`}>
            {i.active ? t('admin.institutions.deactivate') : t('admin.institutions.activate')}
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title={t('admin.institutions.title')} intro={t('admin.institutions.intro')} testId="institutions-title"
        actions={<Button onClick={() => setCreating(true)} data-testid="inst-create">{t('admin.institutions.create')}</Button>} />
      <Paper withBorder p="sm" component="form" role="search" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <EntidadSelect label={t('admin.entidad')} placeholder={t('common.all')} value={f.entidad || null} onChange={(v) => setF({ entidad: v })} w={230} data-testid="filter-entidad" />
          <InstitutionTypeSelect label={t('admin.type')} placeholder={t('common.allMasc')} value={f.type || null} onChange={(v) => setF({ type: v })} w={260} data-testid="filter-type" />
          <TextInput label={t('admin.q')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={260} data-testid="filter-q" />
          {(f.entidad || f.type || f.q) && <Button variant="default" onClick={() => { setQ(''); setF({ entidad: null, type: null, q: null }); }}>{t('common.clear')}</Button>}
        </Group>
      </Paper>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {toggle.error && !toggling ? <ErrorAlert error={toggle.error} /> : null}
      <DataTable columns={columns} rows={list.data?.items} rowKey={(i) => i.id} loading={list.isFetching} caption={t('admin.institutions.title')} testId="institutions-table" />
      {list.data && <Pager page={f.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setF({ page: p })} />}

      <CreateInstitution opened={creating} onClose={() => setCreating(false)} defaultEntidad={me?.view_scope !== 'national' ? me?.entidad?.code ?? null : null} onCreated={() => void invalidate()} />
      <RenameInstitution institution={renaming} onClose={() => setRenaming(null)} onDone={() => void invalidate()} />
      <ConfirmModal opened={!!toggling} title={t('admin.institutions.deactivate')} danger confirmLabel={t('admin.institutions.deactivate')}
        message={toggling ? t('admin.institutions.deactivateConfirm', { name: toggling.name }) : ''}
        loading={toggle.isPending} error={toggle.error} onConfirm={() => toggling && toggle.mutate(toggling)} onClose={() => { setToggling(null); toggle.reset(); }} />
    </Stack>
  );
}

function CreateInstitution({ opened, onClose, onCreated, defaultEntidad }: { opened: boolean; onClose(): void; onCreated(): void; defaultEntidad: string | null }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [entidad, setEntidad] = useState<string | null>(defaultEntidad);
  const create = useMutation({
    mutationFn: () => post<Institution>('/api/admin/institutions', { name, type: type ?? '', entidad: !entidad || entidad === 'national' ? null : entidad }),
    onSuccess: () => {
      notifications.show({ color: 'verde', message: t('admin.institutions.created') });
      onCreated();
      close();
    },
  });
  const fe = useFormState(create.error, ['name', 'type', 'entidad']);
  const close = () => { setName(''); setType(null); setEntidad(defaultEntidad); create.reset(); fe.clear(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>{t('admin.institutions.createTitle')}</Text>} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); if (fe.check({ name, type, entidad })) create.mutate(); }} noValidate>
        <Stack gap="sm">
          {fe.general && <Alert color="red" variant="light" role="alert">{fe.general}</Alert>}
          <TextInput label={t('admin.name')} required value={name} onChange={(e) => { setName(e.currentTarget.value); fe.touch('name'); }} error={fe.field('name')} data-testid="inst-name" data-autofocus />
          <InstitutionTypeSelect label={t('admin.type')} required value={type} onChange={(v) => { setType(v); fe.touch('type'); }} error={fe.field('type')} data-testid="inst-type" comboboxProps={{ withinPortal: true }} />
          <EntidadSelect label={t('admin.entidad')} required value={entidad} onChange={(v) => { setEntidad(v); fe.touch('entidad'); }} nationalOption={t('admin.institutions.entidadNational')} error={fe.field('entidad')} data-testid="inst-entidad" />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="inst-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameInstitution({ institution, onClose, onDone }: { institution: Institution | null; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  useEffect(() => { if (institution) setName(institution.name); }, [institution]);
  const rename = useMutation({
    mutationFn: () => patch<Institution>(`/api/admin/institutions/${institution!.id}`, { name }),
    onSuccess: () => { notifications.show({ color: 'verde', message: t('admin.institutions.updated') }); onDone(); close(); },
  });
  const fe = useFormState(rename.error, ['name']);
  const close = () => { rename.reset(); fe.clear(); onClose(); };
  return (
    <Modal opened={!!institution} onClose={close} title={<Text fw={650}>{t('admin.institutions.renameTitle')}</Text>} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); if (fe.check({ name })) rename.mutate(); }} noValidate>
        <Stack gap="sm">
          {fe.general && <Alert color="red" variant="light" role="alert">{fe.general}</Alert>}
          <TextInput label={t('admin.name')} required value={name} onChange={(e) => { setName(e.currentTarget.value); fe.touch('name'); }} error={fe.field('name')} data-testid="inst-rename-name" data-autofocus />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={rename.isPending} data-testid="inst-rename-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
