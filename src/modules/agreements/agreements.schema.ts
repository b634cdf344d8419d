import type { ColumnType, Generated } from 'kysely';
import { z } from 'zod';

// ---------------------------------------------------------------- vocabularies

export const ZONES = ['Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste'] as const;
export type ZoneName = (typeof ZONES)[number];

export const SESSION_KINDS = ['asamblea_plenaria', 'reunion_regional', 'sesion_ordinaria', 'sesion_extraordinaria', 'reunion_nacional', 'otra'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const AGREEMENT_KINDS = ['toma_de_conocimiento', 'aprobacion', 'compromiso', 'instruccion_secretaria_tecnica', 'designacion', 'otro'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const SECTIONS = ['acuerdo', 'transitorio'] as const;
export type Section = (typeof SECTIONS)[number];

export { COMMITMENT_STATUSES, type CommitmentStatus } from '../../shared/agreements.js';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../../shared/agreements.js';

/** Recurrences a commitment can carry (the parser's 'periodic' has no computable period and is kept as a phrase only). */
export const RECURRENCES = ['daily', 'weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly', 'four-monthly', 'semiannual', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const DOCUMENT_KINDS = ['fuente', 'acta', 'minuta', 'anexo', 'presentacion', 'oficio', 'comunicado', 'otro'] as const;
export const RELATIVE_UNITS = ['días', 'días hábiles', 'días naturales', 'semanas', 'meses', 'años'] as const;
export type RelativeUnit = (typeof RELATIVE_UNITS)[number];

// ---------------------------------------------------------------- tables

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type ReadOnly<T> = ColumnType<T, never, never>;

/** Row types of the module's tables (migrations/0004_agreements.sql), used through `db.withTables<AgreementTables>()`. */
export type AgreementTables = {
  agreement_sources: { id: Generated<number>; filename: string | null; media_type: string; sha256: string; text: string; warnings: Json<string[]>; imported_at: Timestamp; imported_by: string };
  agreement_sessions: {
    id: Generated<number>; kind: SessionKind; name: string; name_key: string; numeral: string | null; year: number; zone: ZoneName | null;
    date: string; end_date: string | null; place: string | null; entidad: string | null; participants: Json<Participant[]>; notes: string | null;
    source_id: number | null; created_at: Timestamp; created_by: string; updated_at: Timestamp; updated_by: string;
  };
  agreement_documents: {
    id: Generated<number>; session_id: number; kind: string; title: string; url: string | null; filename: string | null; reference: string | null;
    note: string | null; source_id: number | null; created_at: Timestamp; created_by: string;
  };
  agreements: {
    id: Generated<number>; session_id: number; section: Section; position: number; number: number | null; ordinal: string; title: string;
    title_source: 'document' | 'derived' | 'manual'; text: string; kind: AgreementKind; kind_source: 'inferred' | 'manual';
    deadline_phrases: Json<DeadlinePhraseRow[]>; created_at: Timestamp; created_by: string; updated_at: Timestamp; updated_by: string;
    search: ReadOnly<string>;
  };
  agreement_commitments: {
    id: Generated<number>; agreement_id: number; group_key: string; entidad: string | null; responsible_kind: 'entidad' | 'institution' | 'secretaria_tecnica';
    responsible_scope: string; responsible_name: string; institution_id: number | null; deliverable: string; deadline: string | null;
    deadline_kind: 'none' | 'explicit' | 'relative' | 'recurring'; deadline_phrase: string | null; recurrence: Recurrence | null; next_due: string | null;
    due_date: ReadOnly<string | null>; remind_days_before: Generated<number>; status: CommitmentStatus; progress: Generated<number>;
    last_report_at: NullableTimestamp; status_changed_at: Timestamp; status_changed_by: string; approved_at: NullableTimestamp; approved_by: string | null;
    fulfilled_at: NullableTimestamp; fulfilled_by: string | null; overdue_at: NullableTimestamp; cancelled_at: NullableTimestamp; cancelled_by: string | null;
    cancel_reason: string | null; external_id: string | null; created_at: Timestamp; created_by: string; updated_at: Timestamp;
  };
  agreement_commitment_history: {
    id: Generated<number>; commitment_id: number; entidad: string | null; at: Timestamp; actor_id: number | null; actor_name: string; action: string;
    from_status: string | null; to_status: string | null; progress: number | null; note: string | null; details: Json<Record<string, unknown>>;
  };
  agreement_evidence: {
    id: Generated<number>; commitment_id: number; entidad: string | null; document_ref: string | null; url: string | null; note: string | null;
    period_due: string | null; created_at: Timestamp; created_by: number | null; created_by_name: string;
  };
  agreement_liaisons: {
    id: Generated<number>; entidad: string; commitment_id: number | null; name: string; position: string; oficio_number: string; oficio_date: string;
    email: string | null; phone: string | null; active: Generated<boolean>; ended_at: NullableTimestamp; created_at: Timestamp; created_by: string;
  };
  agreement_notifications: {
    id: Generated<number>; entidad: string | null; commitment_id: number; kind: 'reminder_due' | 'overdue'; due_date: string; params: Json<Record<string, unknown>>;
    created_at: Timestamp; read_at: NullableTimestamp; read_by: string | null;
  };
};

export interface Participant { name: string; position?: string; institution?: string; entidad?: string }

/** A time expression as the parser gives it (kept on the acuerdo; see parse-deadlines.ts). */
export interface DeadlinePhraseRow {
  text: string; kind: 'explicit' | 'relative' | 'recurring'; date?: string; end_date?: string; recurrence?: string;
  period?: { start: string; end: string }; amount?: number; unit?: string; month_day?: string; context?: string;
}

// ---------------------------------------------------------------- zod: shared pieces

export const EntidadCode = z.string('field.entidad_unknown').regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.entidad_unknown');
const IsoDate = z.iso.date('field.date_format');
const Id = z.coerce.number().int().positive();
const Text = (max: number) => z.string('field.required').trim().min(1, 'field.required').max(max);
const Url = z.url({ protocol: /^https?$/, error: 'field.url_format' }).max(2000);
const Page = { page: z.coerce.number().int().min(1).default(1), page_size: z.coerce.number().int().min(1).max(500).default(50) };
const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const IdParams = z.strictObject({ id: Id });

export const ParticipantIn = z.strictObject({
  name: Text(200), position: z.string().trim().max(300).optional(), institution: z.string().trim().max(300).optional(), entidad: EntidadCode.optional(),
});

const PhraseIn = z.object({
  text: z.string().max(2000), kind: z.enum(['explicit', 'relative', 'recurring']), date: z.string().optional(), end_date: z.string().optional(),
  recurrence: z.string().optional(), period: z.object({ start: z.string(), end: z.string() }).optional(), amount: z.number().optional(),
  unit: z.string().optional(), month_day: z.string().optional(), context: z.string().optional(),
});

// ---------------------------------------------------------------- commitments

/** Who answers for a commitment; zone and all_states expand to one commitment per entidad. */
export const ResponsibleIn = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('zone'), zone: z.enum(ZONES).optional() }),
  z.strictObject({ kind: z.literal('all_states') }),
  z.strictObject({ kind: z.literal('entidades'), entidades: z.array(EntidadCode).min(1).max(32) }),
  z.strictObject({ kind: z.literal('institution'), name: Text(300), institution_id: Id.optional() }),
  z.strictObject({ kind: z.literal('secretaria_tecnica') }),
], { error: 'field.responsible_kind' });
export type ResponsibleInput = z.infer<typeof ResponsibleIn>;

const RelativeIn = z.strictObject({ amount: z.number().int().min(1).max(3650), unit: z.enum(RELATIVE_UNITS), from: IsoDate.optional() });

/** A commitment to create from an acuerdo (also the shape of the import's `commitments` / `suggested_commitments`). */
export const CommitmentIn = z.strictObject({
  responsible: ResponsibleIn,
  deliverable: Text(4000),
  deadline: IsoDate.nullable().optional(),
  deadline_phrase: z.string().trim().max(500).nullable().optional(),
  deadline_kind: z.enum(['explicit', 'relative']).optional(),
  relative: RelativeIn.optional(),
  recurrence: z.enum(RECURRENCES).nullable().optional(),
  next_due: IsoDate.nullable().optional(),
  remind_days_before: z.number().int().min(0).max(365).default(7),
  status: z.enum(['proposed', 'approved']).default('proposed'),
  external_id: z.string().trim().min(1).max(200).optional(),
});
export type CommitmentInput = z.input<typeof CommitmentIn>;
export type CommitmentSpec = z.infer<typeof CommitmentIn>;

export const CommitmentUpdate = z.strictObject({
  deliverable: Text(4000).optional(),
  deadline: IsoDate.nullable().optional(),
  deadline_phrase: z.string().trim().max(500).nullable().optional(),
  recurrence: z.enum(RECURRENCES).nullable().optional(),
  next_due: IsoDate.nullable().optional(),
  remind_days_before: z.number().int().min(0).max(365).optional(),
  responsible_name: Text(300).optional(),
  reason: z.string().trim().max(2000).optional(),
});
export type CommitmentUpdateInput = z.infer<typeof CommitmentUpdate>;

export const StatusChange = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1).max(500),
  status: z.enum(['approved', 'in_progress', 'fulfilled', 'cancelled'], { error: 'field.status_target' }),
  reason: z.string().trim().min(1).max(2000).optional(),
});

export const EvidenceIn = z.strictObject({
  document_ref: z.string().trim().min(1).max(300).optional(),
  url: Url.optional(),
  note: z.string().trim().min(1).max(4000).optional(),
}).refine((e) => e.document_ref || e.url || e.note, { message: 'field.evidence_empty' });

export const ProgressReport = z.strictObject({
  progress: z.number('field.progress_range').int('field.progress_range').min(0, 'field.progress_range').max(100, 'field.progress_range').optional(),
  note: z.string().trim().min(1).max(4000).optional(),
  evidence: z.array(EvidenceIn).max(20).default([]),
}).refine((r) => r.progress !== undefined || r.note || r.evidence.length, { message: 'field.progress_empty' });
export type ProgressInput = z.infer<typeof ProgressReport>;

export const CommitmentQuery = z.strictObject({
  entidad: z.union([EntidadCode, z.literal('nacional')]).optional(),
  status: z.enum(COMMITMENT_STATUSES).optional(),
  session_id: Id.optional(),
  agreement_id: Id.optional(),
  zone: z.enum(ZONES).optional(),
  overdue: Bool.optional(),
  ...Page,
});
export type CommitmentQueryInput = z.infer<typeof CommitmentQuery>;

export const BoardQuery = z.strictObject({ entidad: EntidadCode.optional(), session_id: Id.optional(), zone: z.enum(ZONES).optional(), include_closed: Bool.optional() });
export const ComplianceQuery = z.strictObject({ session_id: Id.optional(), agreement_id: Id.optional(), zone: z.enum(ZONES).optional() });

// ---------------------------------------------------------------- liaisons, documents, notifications

export const LiaisonIn = z.strictObject({
  entidad: EntidadCode,
  commitment_id: z.number().int().positive().optional(),
  name: Text(200),
  position: Text(300),
  oficio_number: Text(100),
  oficio_date: IsoDate,
  email: z.email('field.email_format').max(200).optional(),
  phone: z.string().trim().max(40).optional(),
});
export const LiaisonUpdate = z.strictObject({ active: z.literal(false).optional(), email: z.email('field.email_format').max(200).nullable().optional(), phone: z.string().trim().max(40).nullable().optional() });
export const LiaisonQuery = z.strictObject({ entidad: EntidadCode.optional(), commitment_id: Id.optional(), active: Bool.optional() });

export const DocumentIn = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS.filter((k) => k !== 'fuente') as [string, ...string[]]),
  title: Text(300),
  url: Url.optional(),
  filename: z.string().trim().max(255).optional(),
  reference: z.string().trim().max(300).optional(),
  note: z.string().trim().max(2000).optional(),
});

export const NotificationQuery = z.strictObject({ unread: Bool.optional(), entidad: EntidadCode.optional(), ...Page });

// ---------------------------------------------------------------- sessions and acuerdos

export const SessionIn = z.strictObject({
  name: Text(300),
  kind: z.enum(SESSION_KINDS).optional(),
  numeral: z.string().trim().max(20).nullable().optional(),
  zone: z.enum(ZONES).nullable().optional(),
  date: IsoDate,
  end_date: IsoDate.nullable().optional(),
  place: z.string().trim().max(300).nullable().optional(),
  entidad: EntidadCode.nullable().optional(),
  participants: z.array(ParticipantIn).max(500).optional(),
  notes: z.string().trim().max(10000).nullable().optional(),
});
export type SessionInput = z.infer<typeof SessionIn>;
export const SessionUpdate = SessionIn.partial();
export type SessionUpdateInput = z.infer<typeof SessionUpdate>;

export const SessionQuery = z.strictObject({
  q: z.string().trim().max(200).optional(), kind: z.enum(SESSION_KINDS).optional(), zone: z.enum(ZONES).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(), ...Page,
});

export const AgreementIn = z.strictObject({
  section: z.enum(SECTIONS).default('acuerdo'),
  number: z.number().int().min(0).max(1000).nullable().optional(),
  ordinal: Text(100),
  title: z.string().trim().max(1000).default(''),
  text: Text(100_000),
  kind: z.enum(AGREEMENT_KINDS).optional(),
  position: z.number().int().min(1).max(10_000).optional(),
});
export type AgreementInput = z.input<typeof AgreementIn>;
export const AgreementUpdate = z.strictObject({
  number: z.number().int().min(0).max(1000).nullable().optional(),
  ordinal: Text(100).optional(),
  title: z.string().trim().max(1000).optional(),
  text: Text(100_000).optional(),
  kind: z.enum(AGREEMENT_KINDS).optional(),
  position: z.number().int().min(1).max(10_000).optional(),
});
export type AgreementUpdateInput = z.infer<typeof AgreementUpdate>;

export const SearchQuery = z.strictObject({
  q: Text(300),
  session_id: Id.optional(),
  kind: z.enum(AGREEMENT_KINDS).optional(),
  section: z.enum(SECTIONS).optional(),
  zone: z.enum(ZONES).optional(),
  ...Page,
});
export type SearchQueryInput = z.infer<typeof SearchQuery>;

export const ExportQuery = z.strictObject({ session_id: Id.optional(), entidad: EntidadCode.optional() });

// ---------------------------------------------------------------- import

/** One acuerdo or transitorio of an import document: the parser's output or the reviewed preview. */
const ImportItem = z.strictObject({
  number: z.number().int().min(0).max(1000).nullable().optional(),
  ordinal: Text(100),
  title: z.string().max(1000).optional(),
  text: Text(100_000),
  kind: z.enum(AGREEMENT_KINDS).optional(),
  kind_reason: z.string().max(500).optional(),
  deadlines: z.array(z.string()).max(100).optional(),
  deadline_phrases: z.array(PhraseIn).max(100).optional(),
  title_source: z.enum(['document', 'derived', 'manual']).optional(),
  date_references: z.array(z.unknown()).max(100).optional(),
  line: z.number().int().optional(),
  commitments: z.array(CommitmentIn).max(50).optional(),
  suggested_commitments: z.array(CommitmentIn).max(50).optional(),
});
export type ImportItemInput = z.input<typeof ImportItem>;

export const ImportSession = z.strictObject({
  name: Text(300),
  date: IsoDate,
  end_date: IsoDate.nullable().optional(),
  place: z.string().trim().max(300).nullable().optional(),
  entidad: EntidadCode.nullable().optional(),
  zone: z.enum(ZONES).nullable().optional(),
  kind: z.enum(SESSION_KINDS).optional(),
  numeral: z.string().trim().max(20).nullable().optional(),
  participants: z.array(ParticipantIn).max(500).optional(),
  agreements: z.array(ImportItem).max(500),
  transitory: z.array(ImportItem).max(200).default([]),
});
export type ImportSessionInput = z.input<typeof ImportSession>;

export const ImportDocument = z.strictObject({
  sessions: z.array(ImportSession).min(1, 'field.no_sessions').max(100),
  warnings: z.array(z.string()).optional(),
  source: z.strictObject({ filename: z.string().max(255).nullable().optional(), media_type: z.string().max(100).optional(), text: z.string().max(5_000_000).optional() }).optional(),
});
export type ImportDocumentInput = z.input<typeof ImportDocument>;

/** JSON body of the import endpoints: a document's text, or a reviewed document (from the preview or the parser). */
export const ImportBody = z.strictObject({
  text: z.string().min(1, 'field.required').max(5_000_000).optional(),
  filename: z.string().trim().max(255).optional(),
  reference_date: IsoDate.optional(),
  document: ImportDocument.optional(),
  create_suggested_commitments: z.boolean().default(false),
}).superRefine((b, ctx) => {
  if (!b.text && !b.document) ctx.addIssue({ code: 'custom', path: ['text'], message: 'field.text_or_document' });
  if (b.text && b.document) ctx.addIssue({ code: 'custom', path: ['document'], message: 'field.text_or_document' });
});
export type ImportBodyInput = z.infer<typeof ImportBody>;

/** The non-file fields of a multipart import (the file itself goes in `file`). */
export const ImportFormFields = z.strictObject({
  reference_date: IsoDate.optional(),
  filename: z.string().trim().max(255).optional(),
  create_suggested_commitments: z.enum(['true', 'false', '1', '0', 'on', '']).optional().transform((v) => v === 'true' || v === '1' || v === 'on'),
});

// ---------------------------------------------------------------- messages

export const messages = {
  es: {
    session_not_found: 'No se encontró la sesión.',
    agreement_not_found: 'No se encontró el acuerdo.',
    commitment_not_found: 'No se encontró el compromiso.',
    liaison_not_found: 'No se encontró el enlace.',
    document_not_found: 'No se encontró el documento.',
    notification_not_found: 'No se encontró la notificación.',
    session_exists: 'Ya existe la sesión «{name}» del {date}.',
    commitment_not_open: 'El compromiso está en estado «{status}» y no admite avances.',
    commitment_transition_invalid: 'El compromiso {id} no puede pasar de «{from}» a «{to}».',
    commitment_not_yours: 'Solo la entidad responsable (o la Secretaría Técnica) registra avances de este compromiso.',
    import_nothing: 'El documento no tiene sesiones que importar.',
    import_invalid: 'El documento no se puede importar: {summary}',
    file_missing: 'Adjunte el archivo en el campo «file».',
    file_format: 'Formato no admitido ({ext}): {hint}',
    file_unreadable: 'No se pudo leer el archivo: {reason}',
    'field.date_format': 'debe ser una fecha AAAA-MM-DD',
    'field.url_format': 'debe ser una dirección http(s) válida',
    'field.email_format': 'debe ser un correo electrónico válido',
    'field.responsible_kind': 'debe ser zone, all_states, entidades, institution o secretaria_tecnica',
    'field.status_target': 'debe ser approved, in_progress, fulfilled o cancelled (overdue se calcula)',
    'field.evidence_empty': 'cada evidencia necesita referencia de documento, liga o nota',
    'field.progress_range': 'debe ser un entero de 0 a 100',
    'field.progress_empty': 'indique avance, nota o evidencia',
    'field.evidence_required': 'un avance de 100 % requiere al menos una evidencia',
    'field.reason_required': 'indique el motivo',
    'field.no_sessions': 'el documento no tiene sesiones',
    'field.text_or_document': 'envíe «text» (o un archivo) o «document», no ambos',
    'field.session_zone_missing': 'la sesión no tiene zona: indique responsible.zone',
    'field.commitment_other_entidad': 'el compromiso es de otra entidad',
    'field.institution_unknown': 'la institución no existe',
    'field.deadline_for_recurring': 'un compromiso periódico usa next_due, no deadline',
    'notification.reminder_due': 'Vence el {due_date} ({days_left} días): {deliverable} — {agreement}',
    'notification.overdue': 'Vencido desde el {due_date}: {deliverable} — {agreement}',
  },
  en: {
    session_not_found: 'Session not found.',
    agreement_not_found: 'Agreement not found.',
    commitment_not_found: 'Commitment not found.',
    liaison_not_found: 'Liaison not found.',
    document_not_found: 'Document not found.',
    notification_not_found: 'Notification not found.',
    session_exists: 'The session "{name}" of {date} already exists.',
    commitment_not_open: 'The commitment is "{status}" and takes no progress reports.',
    commitment_transition_invalid: 'Commitment {id} cannot go from "{from}" to "{to}".',
    commitment_not_yours: 'Only the responsible state (or the technical secretariat) reports progress on this commitment.',
    import_nothing: 'The document has no sessions to import.',
    import_invalid: 'The document cannot be imported: {summary}',
    file_missing: 'Attach the file in the "file" field.',
    file_format: 'Unsupported format ({ext}): {hint}',
    file_unreadable: 'The file could not be read: {reason}',
    'field.date_format': 'must be a YYYY-MM-DD date',
    'field.url_format': 'must be a valid http(s) address',
    'field.email_format': 'must be a valid e-mail address',
    'field.responsible_kind': 'must be zone, all_states, entidades, institution or secretaria_tecnica',
    'field.status_target': 'must be approved, in_progress, fulfilled or cancelled (overdue is computed)',
    'field.evidence_empty': 'each evidence needs a document reference, a link or a note',
    'field.progress_range': 'must be an integer from 0 to 100',
    'field.progress_empty': 'give progress, a note or evidence',
    'field.evidence_required': 'a 100 % progress needs at least one evidence',
    'field.reason_required': 'give the reason',
    'field.no_sessions': 'the document has no sessions',
    'field.text_or_document': 'send "text" (or a file) or "document", not both',
    'field.session_zone_missing': 'the session has no zone: give responsible.zone',
    'field.commitment_other_entidad': 'the commitment belongs to another state',
    'field.institution_unknown': 'the institution does not exist',
    'field.deadline_for_recurring': 'a recurring commitment uses next_due, not deadline',
    'notification.reminder_due': 'Due on {due_date} ({days_left} days): {deliverable} — {agreement}',
    'notification.overdue': 'Overdue since {due_date}: {deliverable} — {agreement}',
  },
};
