import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api';
import { useEntidadName, useRoleLabel } from '../../catalogs';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormState } from '../../components/forms';
import { SecretModal } from '../../components/SecretModal';
import { EntidadSelect, InstitutionSelect, RolesMultiSelect } from '../../components/selects';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime, mxDayToIso } from '../../format';
import type { ApiKey, Paged } from '../../types';
import { useSearchState } from '../../useSearchState';

const PAGE_SIZE = 50;
const FILTERS = ['entidad'] as const;

/** API keys of state systems: list, create (the key is shown once), revoke. */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roleLabel = useRoleLabel();
  const entidadName = useEntidadName();
  const [f, setF] = useSearchState(FILTERS);
  const list = useQuery({
    queryKey: ['admin', 'api-keys', f],
    queryFn: ({ signal }) => get<Paged<ApiKey>>('/api/admin/api-keys', { entidad: f.entidad, page: f.page, page_size: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: ['admin', 'api-keys'] });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [shown, setShown] = useState<string | null>(null);

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => post(`/api/admin/api-keys/${k.id}/revoke`),
    onSuccess: () => { notifications.show({ color: 'verde', message: t('admin.apiKeys.revoked') }); setRevoking(null); void invalidate(); },
  });

  const expired = (k: ApiKey) => !!k.expires_at && new Date(k.expires_at).getTime() < Date.now();
  const columns: Column<ApiKey>[] = [
    { key: 'name', header: t('admin.apiKeys.name'), render: (k) => <Text size="sm" fw={500}>{k.name}</Text> },
    { key: 'prefix', header: t('admin.apiKeys.prefix'), width: 130, render: (k) => <Text className="sereno-mono">{k.prefix}…</Text> },
    { key: 'inst', header: t('admin.users.institution'), render: (k) => <><Text size="sm">{k.institution_name}</Text><Text size="xs" c="dimmed">{entidadName(k.entidad)}</Text></> },
    { key: 'roles', header: t('admin.users.roles'), width: 180, render: (k) => <Group gap={4}>{k.roles.map((r) => <Badge key={r} size="sm" variant="light" tt="none">{roleLabel(r)}</Badge>)}</Group> },
    { key: 'status', header: t('common.status'), width: 100, render: (k) => <Badge size="sm" variant="light" color={k.active && !expired(k) ? 'verde' : 'gray'}>{k.active && !expired(k) ? t('common.activeF') : t('common.inactiveF')}</Badge> },
    { key: 'used', header: t('admin.apiKeys.lastUsed'), width: 150, render: (k) => (k.last_used_at ? formatDateTime(k.last_used_at) : t('common.never')) },
    { key: 'expires', header: t('admin.apiKeys.expires'), width: 120, render: (k) => formatDate(k.expires_at) },
    { key: 'created', header: t('common.createdAt'), width: 120, render: (k) => formatDate(k.created_at) },
    {
      key: 'actions', header: t('common.actions'), width: 100, render: (k) => k.active && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRevoking(k)} data-testid={`apikey-revoke-${k.id}`} aria-label={`${t('admin.apiKeys.revoke')}: ${k.name}`}>{t('admin.apiKeys.revoke')}</Button>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title={t('admin.apiKeys.title')} intro={t('admin.apiKeys.intro')} testId="apikeys-title"
        actions={<Button onClick={() => setCreating(true)} data-testid="apikey-create">{t('admin.apiKeys.create')}</Button>} />
      <Paper withBorder p="sm" component="form" role="search" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <Group gap="sm" align="flex-end">
          <EntidadSelect label={t('admin.entidad')} placeholder={t('common.all')} value={f.entidad || null} onChange={(v) => setF({ entidad: v })} w={240} data-testid="filter-entidad" />
        </Group>
      </Paper>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(k) => k.id} loading={list.isFetching} caption={t('admin.apiKeys.title')} testId="apikeys-table" />
      {list.data && <Pager page={f.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setF({ page: p })} />}

      <CreateApiKey opened={creating} onClose={() => setCreating(false)} onCreated={(key) => { void invalidate(); setShown(key); }} />
      <ConfirmModal opened={!!revoking} title={t('admin.apiKeys.revoke')} danger confirmLabel={t('admin.apiKeys.revoke')}
        message={revoking ? t('admin.apiKeys.revokeConfirm', { name: revoking.name }) : ''} loading={revoke.isPending} error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)} onClose={() => { setRevoking(null); revoke.reset(); }} />
      <SecretModal opened={!!shown} title={t('admin.apiKeys.keyTitle')} intro={t('admin.apiKeys.keyIntro')} value={shown ?? ''}
        doneLabel={t('admin.apiKeys.keyDone')} onClose={() => setShown(null)} testId="apikey-secret" />
    </Stack>
  );
}

function CreateApiKey({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(key: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [institution, setInstitution] = useState<string | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const create = useMutation({
    mutationFn: () => post<{ api_key: ApiKey; key: string }>('/api/admin/api-keys', {
      name, institution_id: institution ? Number(institution) : 0, roles, ...(expires ? { expires_at: mxDayToIso(expires, true) } : {}),
    }),
    onSuccess: (r) => { onCreated(r.key); close(); },
  });
  const fe = useFormState(create.error, ['name', 'institution_id', 'roles', 'expires_at']);
  const close = () => { setName(''); setInstitution(null); setRoles([]); setExpires(''); create.reset(); fe.clear(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>{t('admin.apiKeys.createTitle')}</Text>} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); if (fe.check({ name, institution_id: institution, roles })) create.mutate(); }} noValidate>
        <Stack gap="sm">
          {fe.general && <Alert color="red" variant="light" role="alert">{fe.general}</Alert>}
          <TextInput label={t('admin.apiKeys.name')} required value={name} onChange={(e) => { setName(e.currentTarget.value); fe.touch('name'); }} error={fe.field('name')} data-testid="apikey-name" data-autofocus />
          <InstitutionSelect label={t('admin.users.institution')} placeholder={t('admin.users.pickInstitution')} required value={institution} onChange={(v) => { setInstitution(v); fe.touch('institution_id'); }} error={fe.field('institution_id')} data-testid="apikey-institution" />
          <RolesMultiSelect label={t('admin.users.roles')} required value={roles} onChange={(v) => { setRoles(v); fe.touch('roles'); }} error={fe.field('roles')} data-testid="apikey-roles" />
          <TextInput type="date" label={t('admin.apiKeys.expiresAt')} value={expires} onChange={(e) => { setExpires(e.currentTarget.value); fe.touch('expires_at'); }} error={fe.field('expires_at')} w={220} data-testid="apikey-expires" />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="apikey-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
