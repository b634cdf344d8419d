import { z } from 'zod';

export const TARGET_STATUSES = ['active', 'suspended', 'closed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const CLASSIFICATIONS = ['orden_de_aprehension', 'alto_impacto', 'persona_buscada', 'persona_de_interes', 'otro'] as const;

const Text = (max: number) => z.string().trim().min(1, 'field.target_text_required').max(max, 'field.text_too_long');
const DateOnly = z.iso.date({ message: 'field.target_date_format' });
const Curp = z.string().trim().toUpperCase().regex(/^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$/, 'field.target_curp_format');

/** The person a target names. */
export const TargetPersona = z.strictObject({
  nombre: Text(120),
  apellido_paterno: Text(120).nullable().optional(),
  apellido_materno: Text(120).nullable().optional(),
  alias: z.array(Text(120)).max(30).default([]),
  curp: Curp.nullable().optional(),
  fecha_nacimiento: DateOnly.nullable().optional(),
  sexo: z.enum(['H', 'M', 'X'], { message: 'field.target_sexo' }).nullable().optional(),
});
export type TargetPersonaInput = z.infer<typeof TargetPersona>;

const Contact = z.strictObject({
  nombre: Text(200),
  telefono: Text(40).nullable().optional(),
  correo: z.email({ message: 'field.target_email' }).nullable().optional(),
});

export const TargetCreate = z.strictObject({
  persona: TargetPersona,
  photo_ref: Text(500).nullable().optional(),
  reason: Text(2000),
  classification: z.enum(CLASSIFICATIONS, { message: 'field.target_classification' }),
  valid_from: DateOnly.optional(),
  valid_until: DateOnly.nullable().optional(),
  contact: Contact,
  /** Only for a national-scope actor: the entidad the target is listed for (others list for their own). */
  entidad: z.string().regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.target_entidad').optional(),
}).refine((b) => !b.valid_until || !b.valid_from || b.valid_until >= b.valid_from, { message: 'field.target_valid_until_before', path: ['valid_until'] });
export type TargetCreateInput = z.infer<typeof TargetCreate>;

export const TargetUpdate = z.strictObject({
  persona: TargetPersona.optional(),
  photo_ref: Text(500).nullable().optional(),
  reason: Text(2000).optional(),
  classification: z.enum(CLASSIFICATIONS, { message: 'field.target_classification' }).optional(),
  valid_from: DateOnly.optional(),
  valid_until: DateOnly.nullable().optional(),
  contact: Contact.optional(),
  motivo_cambio: z.string({ message: 'field.target_motivo_cambio' }).trim().min(3, 'field.target_motivo_cambio').max(1000, 'field.text_too_long'),
});
export type TargetUpdateInput = z.infer<typeof TargetUpdate>;

export const StatusBody = z.strictObject({ reason: z.string({ message: 'field.target_status_reason' }).trim().min(3, 'field.target_status_reason').max(1000, 'field.text_too_long') });
export const TargetIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const TargetQuery = z.strictObject({
  status: z.enum(TARGET_STATUSES).optional(),
  q: z.string().trim().min(2).max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});
export type TargetQueryInput = z.infer<typeof TargetQuery>;

export const messages = {
  es: {
    target_not_found: 'No se encontró el objetivo.',
    target_transition_invalid: 'El objetivo está «{status}»; no se puede {action}.',
    target_closed: 'El objetivo está cerrado; ya no se modifica.',
    'field.target_text_required': 'campo obligatorio',
    'field.target_date_format': 'debe ser una fecha AAAA-MM-DD',
    'field.target_curp_format': 'CURP con formato inválido (18 caracteres)',
    'field.target_sexo': 'debe ser H, M o X',
    'field.target_email': 'correo electrónico inválido',
    'field.target_classification': `debe ser una de: ${CLASSIFICATIONS.join(', ')}`,
    'field.target_entidad': 'clave de entidad INEGI de dos dígitos',
    'field.target_entidad_required': 'indique la entidad que emite el objetivo',
    'field.target_institution_required': 'el usuario debe pertenecer a una institución para emitir objetivos',
    'field.target_valid_until_before': 'la vigencia no puede terminar antes de empezar',
    'field.target_motivo_cambio': 'indique el motivo del cambio (al menos 3 caracteres)',
    'field.target_status_reason': 'indique el motivo (al menos 3 caracteres)',
  },
  en: {
    target_not_found: 'Target not found.',
    target_transition_invalid: 'The target is «{status}»; it cannot be {action}.',
    target_closed: 'The target is closed and can no longer be changed.',
    'field.target_text_required': 'required field',
    'field.target_date_format': 'must be a YYYY-MM-DD date',
    'field.target_curp_format': 'malformed CURP (18 characters)',
    'field.target_sexo': 'must be H, M or X',
    'field.target_email': 'invalid e-mail address',
    'field.target_classification': `must be one of: ${CLASSIFICATIONS.join(', ')}`,
    'field.target_entidad': 'two-digit INEGI entidad code',
    'field.target_entidad_required': 'give the entidad issuing the target',
    'field.target_institution_required': 'the user must belong to an institution to issue targets',
    'field.target_valid_until_before': 'validity cannot end before it starts',
    'field.target_motivo_cambio': 'give the reason for the change (at least 3 characters)',
    'field.target_status_reason': 'give the reason (at least 3 characters)',
  },
};
