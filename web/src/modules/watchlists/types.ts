import type { PersonView } from '../../components/person';

export type TargetStatus = 'active' | 'suspended' | 'closed';
export const CLASSIFICATIONS = ['orden_de_aprehension', 'alto_impacto', 'persona_buscada', 'persona_de_interes', 'otro'] as const;

/** A priority target as GET /api/targets/:id answers. */
export interface Target {
  entidad: string; id: number; institution_id: number; institution_name: string; version: number; status: TargetStatus;
  persona: PersonView & { nombre: string; alias: string[] }; photo_ref: string | null; reason: string; classification: string;
  valid_from: string; valid_until: string | null; contact: { nombre: string; telefono?: string | null; correo?: string | null };
  created_at: string; created_by: { name?: string }; updated_at: string; updated_by: { name?: string }; status_reason: string | null;
  alerts_raised?: number;
}

export interface TargetVersion {
  version: number; data: Partial<Target>; version_at: string; version_by: { name?: string } | null; superseded_at: string | null;
  superseded_by_change: string | null; change_reason: string | null;
}
