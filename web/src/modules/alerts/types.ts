import type { Features, PersonView } from '../../components/person';

export type AlertStatus = 'new' | 'acknowledged' | 'confirmed' | 'dismissed';

/** An alert as GET /api/alerts presents it; the hit side gets no target, features or workflow notes. */
export interface AlertView {
  id: number; side: 'issuer' | 'hit'; status: AlertStatus; created_at: string; score: number;
  hit: { entidad: string; registry: string; record_id: string; label: string | null; observed_at: string; persona: PersonView };
  issuer: { entidad: string; institution_name: string; institution_id?: number; contact: { nombre?: string; telefono?: string | null; correo?: string | null } };
  target?: { id: number; entidad: string; persona: PersonView; classification: string; reason: string; valid_until: string | null };
  features?: Features; algorithm?: string; trigger?: 'listing' | 'mention';
  acknowledged_at?: string | null; acknowledged_by?: { name?: string } | null; resolved_at?: string | null; resolved_by?: { name?: string } | null; status_reason?: string | null;
}
