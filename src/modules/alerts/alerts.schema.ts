import { z } from 'zod';

export const ALERT_STATUSES = ['new', 'acknowledged', 'confirmed', 'dismissed', 'dispatched', 'recovered'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The target as it was when the alert was raised (kept on the alert: the issuer sees it whole). */
export interface TargetSummary {
  id: number;
  entidad: string;
  institution_id: number;
  institution_name: string;
  persona: Record<string, unknown>;
  classification: string;
  reason: string;
  contact: Record<string, unknown>;
  valid_until: string | null;
}

/** One stored alert (migrations/0005_entities.sql, 0007_vehicles.sql). Person-only columns are null on vehicle alerts. */
export interface AlertRow {
  kind?: 'person' | 'vehicle';
  payload?: Record<string, unknown> | null;
  dispatched_at?: Date | null;
  dispatched_by?: Record<string, unknown> | null;
  issuer_entidad: string;
  id: number;
  issuer_institution_id: number;
  target_id: number;
  target_summary: TargetSummary;
  hit_entidad: string;
  registry: string;
  record_id: string;
  record_label: string | null;
  mention_persona: Record<string, unknown>;
  observed_at: Date;
  score: number;
  features: Record<string, unknown>;
  algorithm: string;
  trigger: 'listing' | 'mention' | 'read';
  status: AlertStatus;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: Record<string, unknown> | null;
  resolved_at: Date | null;
  resolved_by: Record<string, unknown> | null;
  status_reason: string | null;
}

/** A hit to raise: the watchlist entry and the record it matched. */
export interface NewAlert {
  target: TargetSummary;
  hit: { entidad: string; registry: string; record_id: string; label: string | null; persona: Record<string, unknown>; observed_at: Date };
  score: number;
  features: Record<string, unknown>;
  algorithm: string;
  trigger: 'listing' | 'mention';
}

/**
 * A stolen-vehicle hit to raise: the report (issuer side: its entidad and institution) and the plate read (hit side:
 * the camera's entidad). `record_id` is the dedup key: one alert per (report, record) ever.
 */
export interface NewVehicleAlert {
  report: { entidad: string; id: number; institution_id: number };
  hit: { entidad: string; record_id: string; label: string | null; observed_at: Date };
  score: number;
  algorithm: string;
  /** What both sides see: the vehicle as reported, the read (plate, candidates, position, image) and the camera. */
  payload: Record<string, unknown>;
}

const Page = { page: z.coerce.number().int().min(1).default(1), page_size: z.coerce.number().int().min(1).max(500).default(50) };
export const AlertQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.enum(['person', 'vehicle']).optional(),
  side: z.enum(['issuer', 'hit']).optional(),
  target_id: z.coerce.number().int().positive().optional(),
  hit_entidad: z.string().regex(/^\d{2}$/, 'field.alert_entidad').optional(),
  since: z.iso.datetime({ offset: true, message: 'field.alert_datetime' }).optional(),
  ...Page,
});
export type AlertQueryInput = z.infer<typeof AlertQuery>;
export const AlertIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const Reason = z.string({ message: 'field.alert_reason_required' }).trim().min(3, 'field.alert_reason_required').max(1000, 'field.text_too_long');
export const AcknowledgeBody = z.strictObject({ reason: Reason.optional() });
export const ResolveBody = z.strictObject({ reason: Reason });
export const VehicleWorkBody = z.strictObject({ reason: Reason.optional() });

export const messages = {
  es: {
    alert_not_found: 'No se encontró la alerta.',
    alert_transition_invalid: 'La alerta está en estado «{status}»; no se puede {action}.',
    'field.alert_reason_required': 'indique el motivo (al menos 3 caracteres)',
    'field.alert_entidad': 'clave de entidad de dos dígitos',
    'field.alert_datetime': 'fecha y hora ISO 8601 con zona',
  },
  en: {
    alert_not_found: 'Alert not found.',
    alert_transition_invalid: 'The alert is «{status}»; it cannot be {action}.',
    'field.alert_reason_required': 'give the reason (at least 3 characters)',
    'field.alert_entidad': 'two-digit entidad code',
    'field.alert_datetime': 'ISO 8601 date-time with offset',
  },
};
