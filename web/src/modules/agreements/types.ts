/** Shapes of the /api/agreements answers (see src/modules/agreements/README.md). */

export const ZONES = ['Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste'] as const;
export type Zone = (typeof ZONES)[number];
export const SESSION_KINDS = ['asamblea_plenaria', 'reunion_regional', 'sesion_ordinaria', 'sesion_extraordinaria', 'reunion_nacional', 'otra'] as const;
export const AGREEMENT_KINDS = ['toma_de_conocimiento', 'aprobacion', 'compromiso', 'instruccion_secretaria_tecnica', 'designacion', 'otro'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const STATUSES = ['overdue', 'in_progress', 'approved', 'proposed', 'fulfilled', 'cancelled'] as const;
export type CommitmentStatus = (typeof STATUSES)[number];
export const RECURRENCES = ['daily', 'weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly', 'four-monthly', 'semiannual', 'yearly'] as const;
export const RELATIVE_UNITS = ['días', 'días hábiles', 'días naturales', 'semanas', 'meses', 'años'] as const;
export const OPEN_STATUSES: readonly CommitmentStatus[] = ['approved', 'in_progress', 'overdue'];

/** Manual status changes the secretariat may make (the server's own table, from src/shared). */
export { COMMITMENT_TRANSITIONS as TRANSITIONS } from '../../shared';

export interface Rollup { progress: number | null; commitments: number; counted: number; fulfilled: number; overdue: number }

export interface SessionListItem {
  id: number; kind: string; name: string; numeral: string | null; year: number; zone: Zone | null; date: string; end_date: string | null;
  place: string | null; entidad: string | null; entidad_name: string | null; agreements: number; transitory: number; commitments: number; progress: number | null;
}

export interface DeadlinePhrase { text: string; kind: 'explicit' | 'relative' | 'recurring'; date?: string; end_date?: string; recurrence?: string }

export interface AgreementItem {
  id: number; section: 'acuerdo' | 'transitorio'; position: number; number: number | null; ordinal: string; title: string; text: string;
  kind: AgreementKind; kind_source: 'inferred' | 'manual'; deadline_phrases: DeadlinePhrase[]; progress: Rollup;
}

export interface SessionDocument { id: number; kind: string; title: string; url: string | null; filename: string | null; reference: string | null; note: string | null; source_id: number | null }

export interface SessionPageData {
  session: SessionListItem & {
    participants: { name: string; position?: string; institution?: string; entidad?: string }[]; notes: string | null;
    kind_label: string; date_label: string; heading: string[];
    source: { id: number; filename: string | null; media_type: string; imported_at: string; imported_by: string; warnings: string[] } | null;
    documents: SessionDocument[];
  };
  agreements: AgreementItem[];
  transitory: AgreementItem[];
  progress: { progress: number | null; commitments: number; counted: number };
}

export type Responsible =
  | { kind: 'zone'; zone?: Zone }
  | { kind: 'all_states' }
  | { kind: 'entidades'; entidades: string[] }
  | { kind: 'institution'; name: string; institution_id?: number }
  | { kind: 'secretaria_tecnica' };

export interface CommitmentSpec {
  responsible: Responsible; deliverable: string; deadline?: string | null; deadline_phrase?: string | null; deadline_kind?: 'explicit' | 'relative';
  relative?: { amount: number; unit: string; from?: string }; recurrence?: string | null; next_due?: string | null; remind_days_before?: number;
  status?: 'proposed' | 'approved'; external_id?: string;
}

export interface Commitment {
  id: number; agreement_id: number; session_id: number; group_key: string; entidad: string | null; entidad_name: string | null; entidad_zone: string | null;
  responsible_kind: 'entidad' | 'institution' | 'secretaria_tecnica'; responsible_name: string; deliverable: string;
  deadline: string | null; deadline_kind: 'none' | 'explicit' | 'relative' | 'recurring'; deadline_phrase: string | null; recurrence: string | null; next_due: string | null;
  due_date: string | null; remind_days_before: number; status: CommitmentStatus; recorded_status: CommitmentStatus; progress: number; last_report_at: string | null;
  approved_at: string | null; approved_by: string | null; fulfilled_at: string | null; fulfilled_by: string | null; overdue_at: string | null;
  cancelled_at: string | null; cancelled_by: string | null; cancel_reason: string | null; created_at: string; created_by: string;
  agreement_ordinal: string; agreement_title: string; agreement_section: string; session_name: string; session_date: string; days_left: number | null;
}

export interface Evidence { id: number; document_ref: string | null; url: string | null; note: string | null; period_due: string | null; created_at: string; created_by_name: string }
export interface HistoryRow { id: number; at: string; actor_name: string; action: string; from_status: string | null; to_status: string | null; progress: number | null; note: string | null; details: Record<string, unknown> }
export interface Liaison {
  id: number; entidad: string; entidad_name?: string; commitment_id: number | null; name: string; position: string; oficio_number: string; oficio_date: string;
  email: string | null; phone: string | null; active: boolean; ended_at: string | null; created_at: string; created_by: string;
}
export interface CommitmentDetail { commitment: Commitment; evidence: Evidence[]; history: HistoryRow[]; liaisons: Liaison[] }

export interface AgreementDetail {
  agreement: AgreementItem & { session_id: number; session_name: string; session_date: string; session_zone: Zone | null; session_kind: string };
  commitments: (Pick<Commitment, 'id' | 'group_key' | 'entidad' | 'entidad_name' | 'responsible_kind' | 'responsible_name' | 'deliverable' | 'deadline' | 'deadline_kind' | 'deadline_phrase' | 'recurrence' | 'next_due' | 'due_date' | 'progress' | 'last_report_at' | 'status'>)[];
  progress: { national: Rollup; by_entidad: { entidad: string | null; name: string; progress: number | null; commitments: number; fulfilled: number; overdue: number }[] };
  suggested_commitments: CommitmentSpec[];
}

export interface BoardColumn { entidad: string | null; name: string; zone: string | null; counts: Record<CommitmentStatus, number>; items: Commitment[] }

export interface ComplianceRow {
  entidad: string | null; name: string; zone: string | null; commitments: number; proposed: number; approved: number; in_progress: number;
  fulfilled: number; overdue: number; cancelled: number; fulfilled_pct: number | null; mean_progress: number | null;
}

export interface SearchItem {
  id: number; session_id: number; session_name: string; session_date: string; zone: string | null; section: 'acuerdo' | 'transitorio'; number: number | null;
  ordinal: string; title: string; kind: AgreementKind; rank: number; headline: string; title_headline: string;
}

export interface Notification {
  id: number; entidad: string | null; commitment_id: number; kind: 'reminder_due' | 'overdue'; due_date: string;
  params: { deliverable?: string; agreement?: string; due_date?: string; days_left?: number }; created_at: string; read_at: string | null; message: string;
}

// ------------------------------------------------------------------ import

export interface ImportItem {
  number?: number | null; ordinal: string; title?: string; text: string; kind?: AgreementKind; kind_reason?: string; deadlines?: string[];
  deadline_phrases?: DeadlinePhrase[]; suggested_commitments?: CommitmentSpec[]; commitments?: CommitmentSpec[]; [k: string]: unknown;
}
export interface ImportSession {
  name: string; date: string; end_date?: string | null; place?: string | null; entidad?: string | null; zone?: Zone | null; kind?: string; numeral?: string | null;
  agreements: ImportItem[]; transitory?: ImportItem[]; [k: string]: unknown;
}
export interface ImportDocument { sessions: ImportSession[]; warnings?: string[]; source?: { filename?: string | null; media_type?: string; text?: string } }
export interface PlanSession {
  index: number; name: string | null; date: string | null; end_date: string | null; kind: string | null; zone: string | null; place: string | null;
  action: 'create' | 'skip_existing' | 'invalid'; existing_id: number | null; problems: { path: string; message: string }[];
  agreements: number; transitory: number; commitments: number; suggested_commitments: number; kinds: Record<string, number>;
}
export interface Preview {
  document: ImportDocument;
  plan: { sessions: PlanSession[]; create: { sessions: number; agreements: number; transitory: number }; skip_existing: number; invalid: number };
  warnings: string[];
}
export interface ImportResult {
  source_id: number | null; created: { sessions: number; agreements: number; transitory: number; commitments: number }; skipped_existing: number;
  sessions: { id: number; name: string; date: string; status: 'created' | 'existing'; agreements: number; transitory: number; commitments: number }[];
  warnings: string[];
}
