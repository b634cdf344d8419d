import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from './api';
import { ROLE_LABELS, type Role } from './shared';
import type { Entidad, InstitutionType, RoleInfo } from './types';

const FOREVER = { staleTime: Infinity, gcTime: Infinity } as const;

/** The 32 entidades federativas. */
export function useEntidades() {
  return useQuery({ queryKey: ['catalogs', 'entidades'], queryFn: () => get<{ items: Entidad[] }>('/api/catalogs/entidades'), select: (d) => d.items, ...FOREVER });
}

/** Institution types with Spanish and English names. */
export function useInstitutionTypes() {
  return useQuery({ queryKey: ['catalogs', 'institution-types'], queryFn: () => get<{ items: InstitutionType[] }>('/api/catalogs/institution-types'), select: (d) => d.items, ...FOREVER });
}

/** Roles with their names and permissions. */
export function useRoles() {
  return useQuery({ queryKey: ['catalogs', 'roles'], queryFn: () => get<{ items: RoleInfo[] }>('/api/catalogs/roles'), select: (d) => d.items, ...FOREVER });
}

/** Label of a role in the chosen language (from shared ROLE_LABELS; unknown codes as they are). */
export function useRoleLabel(): (role: string) => string {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  return (role) => ROLE_LABELS[role as Role]?.[lang] ?? role;
}

/** Name of an institution type in the chosen language. */
export function useInstitutionTypeLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  const types = useInstitutionTypes().data ?? [];
  return (code) => {
    const t = types.find((x) => x.code === code);
    return t ? (i18n.language === 'en' ? t.name_en : t.name_es) : code;
  };
}

/** Name of an entidad by its two-digit code; null gives the word for "national". */
export function useEntidadName(): (code: string | null | undefined) => string {
  const { t } = useTranslation();
  const list = useEntidades().data ?? [];
  return (code) => (code ? list.find((e) => e.code === code)?.name ?? code : t('app.national'));
}
