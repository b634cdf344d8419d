import { Alert, Badge, Button, Group, Modal, Paper, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName, useRoleLabel } from '../../catalogs';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormState } from '../../components/forms';
import { SecretModal } from '../../components/SecretModal';
import { EntidadSelect, InstitutionSelect, RoleSelect, RolesMultiSelect, ScopeSelect } from '../../components/selects';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import type { Scope } from '../../shared';
import type { Paged, User } from '../../types';
import { useSearchState } from '../../useSearchState';

const PAGE_SIZE = 50;
const FILTERS = ['entidad', 'institution_id', 'role', 'q'] as const;

const isLocked = (u: User) => !!u.locked_until && new Date(u.locked_until).getTime() > Date.now();

/** Users: filter, create (initial password shown once), edit roles/territory/active, reset password, unlock. */
export default function UsersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roleLabel = useRoleLabel();
  const entidadName = useEntidadName();
  const [f, setF] = useSearchState(FILTERS);
  const [q, setQ] = useState(f.q);
  const [debouncedQ] = useDebouncedValue(q, 300);
  useEffect(() => { if (debouncedQ !== f.q) setF({ q: debouncedQ }); }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const list = useQuery({
    queryKey: ['admin', 'users', f],
    queryFn: ({ signal }) => get<Paged<User>>('/api/admin/users', { entidad: f.entidad, institution_id: f.institution_id, role: f.role, q: f.q, page: f.page, page_size: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: ['admin', 'users'] });

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);

  const reset = useMutation({
    mutationFn: (u: User) => post<{ initial_password: string }>(`/api/admin/users/${u.id}/reset-password`),
    onSuccess: (r, u) => { setResetting(null); setSecret({ username: u.username, password: r.initial_password }); void invalidate(); },
  });
  const unlock = useMutation({
    mutationFn: (u: User) => post(`/api/admin/users/${u.id}/unlock`),
    onSuccess: () => { notifications.show({ color: 'verde', message: t('admin.users.unlocked') }); void invalidate(); },
    onError: (e) => notifications.show({ color: 'red', title: t('common.errorTitle'), message: (e as Error).message }),
  });

  const columns: Column<User>[] = [
    {
      key: 'user', header: t('admin.users.person'), render: (u) => (
        <>
          <Text size="sm" fw={600}>{u.display_name}</Text>
          <Text size="xs" className="sereno-mono sereno-keep">{u.username}</Text>
          {u.email && <Text size="xs" c="dimmed">{u.email}</Text>}
        </>
      ),
    },
    { key: 'inst', header: t('admin.users.institution'), render: (u) => <><Text size="sm">{u.institution_name}</Text><Text size="xs" c="dimmed">{entidadName(u.entidad)}</Text></> },
    { key: 'roles', header: t('admin.users.roles'), width: 170, render: (u) => u.roles.map((r) => <Text key={r} size="sm">{roleLabel(r)}</Text>) },
    {
      key: 'scope', header: t('admin.users.territory'), width: 140, render: (u) => (
        <Text size="xs">
          {t('home.captureScope')}: {t(`scope.label.${u.capture_scope}`)}<br />
          {t('home.viewScope')}: {t(`scope.label.${u.view_scope}`)}
        </Text>
      ),
    },
    {
      key: 'status', header: t('common.status'), width: 105, render: (u) => (
        <Stack gap={4} align="flex-start">
          <Badge size="sm" variant="light" color={u.active ? 'verde' : 'gray'}>{u.active ? t('common.active') : t('common.inactive')}</Badge>
          {isLocked(u) && <Badge size="sm" variant="filled" color="red" title={t('admin.users.lockedUntil', { date: formatDateTime(u.locked_until) })} data-testid={`user-locked-${u.username}`}>{t('admin.users.locked')}</Badge>}
          {u.totp_enabled && <Badge size="sm" variant="outline" color="verde">{t('admin.users.totp')}</Badge>}
        </Stack>
      ),
    },
    { key: 'last', header: t('admin.users.lastLogin'), width: 135, render: (u) => (u.last_login_at ? formatDateTime(u.last_login_at) : t('common.never')) },
    {
      key: 'actions', header: t('common.actions'), width: 175, render: (u) => (
        <Stack gap={2} align="flex-start">
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`} aria-label={`${t('common.edit')}: ${u.username}`}>{t('common.edit')}</Button>
          <Button size="compact-xs" variant="subtle" onClick={() => setResetting(u)} data-testid={`user-reset-${u.username}`} aria-label={`${t('admin.users.resetPassword')}: ${u.username}`}>{t('admin.users.resetPassword')}</Button>
          {isLocked(u) && <Button size="compact-xs" variant="subtle" color="red" loading={unlock.isPending && unlock.variables?.id === u.id} onClick={() => unlock.mutate(u)} data-testid={`user-unlock-${u.username}`} aria-label={`${t('admin.users.unlock')}: ${u.username}`}>{t('admin.users.unlock')}</Button>}
        </Stack>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title={t('admin.users.title')} intro={t('admin.users.intro')} testId="users-title"
        actions={<Button onClick={() => setCreating(true)} data-testid="user-create">{t('admin.users.create')}</Button>} />
      <Paper withBorder p="sm" component="form" role="search" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <EntidadSelect label={t('admin.entidad')} placeholder={t('common.all')} value={f.entidad || null} onChange={(v) => setF({ entidad: v, institution_id: null })} w={210} data-testid="filter-entidad" />
          <InstitutionSelect label={t('admin.users.institution')} placeholder={t('common.all')} entidad={f.entidad || null} includeInactive value={f.institution_id || null} onChange={(v) => setF({ institution_id: v })} w={300} data-testid="filter-institution" />
          <RoleSelect label={t('admin.users.role')} placeholder={t('common.allMasc')} value={f.role || null} onChange={(v) => setF({ role: v })} w={210} data-testid="filter-role" />
          <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} data-testid="filter-q" />
          {(f.entidad || f.institution_id || f.role || f.q) && <Button variant="default" onClick={() => { setQ(''); setF({ entidad: null, institution_id: null, role: null, q: null }); }}>{t('common.clear')}</Button>}
        </Group>
      </Paper>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <DataTable columns={columns} rows={list.data?.items} rowKey={(u) => u.id} loading={list.isFetching} caption={t('admin.users.title')} testId="users-table" />
      {list.data && <Pager page={f.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => setF({ page: p })} />}

      <CreateUser opened={creating} onClose={() => setCreating(false)} onCreated={(username, password) => { void invalidate(); if (password) setSecret({ username, password }); }} />
      <EditUser user={editing} onClose={() => setEditing(null)} onDone={() => void invalidate()} />
      <ConfirmModal opened={!!resetting} title={t('admin.users.resetPassword')} danger confirmLabel={t('admin.users.resetPassword')}
        message={resetting ? t('admin.users.resetConfirm', { username: resetting.username }) : ''} loading={reset.isPending} error={reset.error}
        onConfirm={() => resetting && reset.mutate(resetting)} onClose={() => { setResetting(null); reset.reset(); }} />
      <SecretModal opened={!!secret} title={t('admin.users.initialPasswordTitle')} intro={t('admin.users.initialPasswordIntro', { username: secret?.username ?? '' })}
        value={secret?.password ?? ''} doneLabel={t('admin.users.initialPasswordDone')} onClose={() => setSecret(null)} testId="initial-password" />
    </Stack>
  );
}

function defaultScope(me: ReturnType<typeof useAuth>['me']): Scope {
  return me?.capture_scope === 'national' ? 'entidad' : me?.capture_scope === 'entidad' ? 'entidad' : 'institution';
}

function CreateUser({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(username: string, password?: string): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const empty = () => ({ username: '', display_name: '', email: '', institution_id: null as string | null, roles: [] as string[], capture_scope: defaultScope(me) as string | null, view_scope: defaultScope(me) as string | null, password: '' });
  const [v, setV] = useState(empty);
  const set = <K extends keyof ReturnType<typeof empty>>(k: K, val: ReturnType<typeof empty>[K]) => { setV((p) => ({ ...p, [k]: val })); fe.touch(k); };
  const create = useMutation({
    mutationFn: () => post<{ user: User; initial_password?: string }>('/api/admin/users', {
      username: v.username.trim(),
      display_name: v.display_name,
      ...(v.email.trim() ? { email: v.email.trim() } : {}),
      institution_id: v.institution_id ? Number(v.institution_id) : 0,
      roles: v.roles,
      capture_scope: v.capture_scope,
      view_scope: v.view_scope,
      ...(v.password ? { password: v.password } : {}),
    }),
    onSuccess: (r) => {
      notifications.show({ color: 'verde', message: t('admin.users.created') });
      onCreated(r.user.username, r.initial_password);
      close();
    },
  });
  const fe = useFormState(create.error, ['username', 'display_name', 'email', 'institution_id', 'roles', 'capture_scope', 'view_scope', 'password']);
  const close = () => { setV(empty()); create.reset(); fe.clear(); onClose(); };
  const required = () => fe.check({ username: v.username, display_name: v.display_name, institution_id: v.institution_id, roles: v.roles, capture_scope: v.capture_scope, view_scope: v.view_scope });
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>{t('admin.users.createTitle')}</Text>} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); if (required()) create.mutate(); }} noValidate>
        <Stack gap="sm">
          {fe.general && <Alert color="red" variant="light" role="alert" data-testid="user-form-error">{fe.general}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('admin.users.username')} required autoComplete="off" spellCheck={false} value={v.username} onChange={(e) => set('username', e.currentTarget.value)} error={fe.field('username')} data-testid="user-username" data-autofocus />
            <TextInput label={t('admin.users.displayName')} required value={v.display_name} onChange={(e) => set('display_name', e.currentTarget.value)} error={fe.field('display_name')} data-testid="user-display-name" />
            <TextInput label={t('admin.users.email')} type="email" value={v.email} onChange={(e) => set('email', e.currentTarget.value)} error={fe.field('email')} data-testid="user-email" />
            <InstitutionSelect label={t('admin.users.institution')} placeholder={t('admin.users.pickInstitution')} required value={v.institution_id} onChange={(x) => set('institution_id', x)} error={fe.field('institution_id')} data-testid="user-institution" />
          </SimpleGrid>
          <RolesMultiSelect label={t('admin.users.roles')} required value={v.roles} onChange={(x) => set('roles', x)} error={fe.field('roles')} data-testid="user-roles" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <ScopeSelect label={t('admin.users.captureScope')} required value={v.capture_scope} onChange={(x) => set('capture_scope', x)} error={fe.field('capture_scope')} data-testid="user-capture-scope" />
            <ScopeSelect label={t('admin.users.viewScope')} required value={v.view_scope} onChange={(x) => set('view_scope', x)} error={fe.field('view_scope')} data-testid="user-view-scope" />
          </SimpleGrid>
          <PasswordInput label={t('admin.users.passwordOptional')} description={t('admin.users.passwordOptionalHelp')} autoComplete="new-password" value={v.password} onChange={(e) => set('password', e.currentTarget.value)} error={fe.field('password')} data-testid="user-password" />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="user-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditUser({ user, onClose, onDone }: { user: User | null; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ display_name: '', email: '', roles: [] as string[], capture_scope: null as string | null, view_scope: null as string | null, active: true });
  useEffect(() => {
    if (user) setV({ display_name: user.display_name, email: user.email ?? '', roles: user.roles, capture_scope: user.capture_scope, view_scope: user.view_scope, active: user.active });
  }, [user]);
  const save = useMutation({
    mutationFn: () => {
      const u = user!;
      const body: Record<string, unknown> = {};
      if (v.display_name !== u.display_name) body.display_name = v.display_name;
      if ((v.email.trim() || null) !== u.email) body.email = v.email.trim() || null;
      if ([...v.roles].sort().join() !== [...u.roles].sort().join()) body.roles = v.roles;
      if (v.capture_scope !== u.capture_scope) body.capture_scope = v.capture_scope;
      if (v.view_scope !== u.view_scope) body.view_scope = v.view_scope;
      if (v.active !== u.active) body.active = v.active;
      return patch<User>(`/api/admin/users/${u.id}`, body);
    },
    onSuccess: () => { notifications.show({ color: 'verde', message: t('admin.users.updated') }); onDone(); close(); },
  });
  const fe = useFormState(save.error, ['display_name', 'email', 'roles', 'capture_scope', 'view_scope', 'active']);
  const upd = <K extends keyof typeof v>(k: K, x: (typeof v)[K]) => { setV((p) => ({ ...p, [k]: x })); fe.touch(k); };
  const close = () => { save.reset(); fe.clear(); onClose(); };
  return (
    <Modal opened={!!user} onClose={close} title={<Text fw={650}>{t('admin.users.editTitle', { username: user?.username ?? '' })}</Text>} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); if (fe.check({ display_name: v.display_name, roles: v.roles, capture_scope: v.capture_scope, view_scope: v.view_scope })) save.mutate(); }} noValidate>
        <Stack gap="sm">
          {fe.general && <Alert color="red" variant="light" role="alert" data-testid="user-edit-error">{fe.general}</Alert>}
          <Text size="sm" c="dimmed">{user?.institution_name}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('admin.users.displayName')} required value={v.display_name} onChange={(e) => upd('display_name', e.currentTarget.value)} error={fe.field('display_name')} data-testid="user-edit-display-name" data-autofocus />
            <TextInput label={t('admin.users.email')} type="email" value={v.email} onChange={(e) => upd('email', e.currentTarget.value)} error={fe.field('email')} data-testid="user-edit-email" />
          </SimpleGrid>
          <RolesMultiSelect label={t('admin.users.roles')} required value={v.roles} onChange={(x) => upd('roles', x)} error={fe.field('roles')} data-testid="user-edit-roles" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <ScopeSelect label={t('admin.users.captureScope')} required value={v.capture_scope} onChange={(x) => upd('capture_scope', x)} error={fe.field('capture_scope')} data-testid="user-edit-capture-scope" />
            <ScopeSelect label={t('admin.users.viewScope')} required value={v.view_scope} onChange={(x) => upd('view_scope', x)} error={fe.field('view_scope')} data-testid="user-edit-view-scope" />
          </SimpleGrid>
          <Switch label={t('admin.users.active')} checked={v.active} onChange={(e) => upd('active', e.currentTarget.checked)} color="verde" data-testid="user-edit-active" />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="user-edit-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
