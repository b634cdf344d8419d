import { MultiSelect, Select, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { useAuth } from '../auth';
import { useEntidades, useInstitutionTypes, useRoleLabel } from '../catalogs';
import { ROLES, SCOPES } from '../shared';
import type { Institution, Paged } from '../types';

type Base = Omit<SelectProps, 'data' | 'value' | 'onChange'>;

/**
 * Entidad picker. Users whose view territory is narrower than national only get their own entidad.
 * `nationalOption` adds a choice for "no entidad" whose value is the string 'national'.
 */
export function EntidadSelect({ value, onChange, nationalOption, ...rest }: Base & { value: string | null; onChange(v: string | null): void; nationalOption?: string }) {
  const { me } = useAuth();
  const entidades = useEntidades().data ?? [];
  const limited = me && me.view_scope !== 'national' && me.entidad ? entidades.filter((e) => e.code === me.entidad!.code) : entidades;
  const data = [...(nationalOption ? [{ value: 'national', label: nationalOption }] : []), ...limited.map((e) => ({ value: e.code, label: `${e.code} · ${e.name}` }))];
  return <Select data={data} value={value} onChange={onChange} searchable clearable {...rest} />;
}

/** Institution-type picker from the catalogue. */
export function InstitutionTypeSelect({ value, onChange, ...rest }: Base & { value: string | null; onChange(v: string | null): void }) {
  const { i18n } = useTranslation();
  const types = useInstitutionTypes().data ?? [];
  const data = types.map((x) => ({ value: x.code, label: i18n.language === 'en' ? x.name_en : x.name_es }));
  return <Select data={data} value={value} onChange={onChange} searchable clearable {...rest} />;
}

/** Active institutions the user may administer (optionally of one entidad), as a searchable picker. */
export function InstitutionSelect({ value, onChange, entidad, includeInactive, ...rest }: Base & { value: string | null; onChange(v: string | null): void; entidad?: string | null; includeInactive?: boolean }) {
  const q = useQuery({
    queryKey: ['admin', 'institutions', 'options', entidad ?? null],
    queryFn: () => get<Paged<Institution>>('/api/admin/institutions', { entidad: entidad ?? undefined, page_size: 500 }),
    staleTime: 60_000,
  });
  const data = (q.data?.items ?? [])
    .filter((i) => includeInactive || i.active || String(i.id) === value)
    .map((i) => ({ value: String(i.id), label: i.entidad ? `${i.name} (${i.entidad_name ?? i.entidad})` : i.name }));
  return <Select data={data} value={value} onChange={onChange} searchable clearable nothingFoundMessage="—" {...rest} />;
}

/** Role picker (single), labels from ROLE_LABELS. */
export function RoleSelect({ value, onChange, ...rest }: Base & { value: string | null; onChange(v: string | null): void }) {
  const roleLabel = useRoleLabel();
  return <Select data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} value={value} onChange={onChange} clearable {...rest} />;
}

/** Roles multi-select. */
export function RolesMultiSelect({ value, onChange, ...rest }: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { value: string[]; onChange(v: string[]): void }) {
  const roleLabel = useRoleLabel();
  return <MultiSelect data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} value={value} onChange={onChange} clearable hidePickedOptions {...rest} />;
}

/** Territory picker: national / entidad / institution. */
export function ScopeSelect({ value, onChange, ...rest }: Base & { value: string | null; onChange(v: string | null): void }) {
  const { t } = useTranslation();
  return <Select data={SCOPES.map((s) => ({ value: s, label: t(`scope.label.${s}`) }))} value={value} onChange={onChange} allowDeselect={false} {...rest} />;
}
