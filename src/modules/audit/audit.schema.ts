import { z } from 'zod';

export const AuditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  entidad: z.string().regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.entidad_unknown').optional(),
  entity_type: z.string().max(50).optional(),
  entity_id: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQueryInput = z.infer<typeof AuditQuery>;

/** `:id` of one audit row. */
export const AuditRowParams = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** Error codes of the module, Spanish and English. */
export const messages = {
  es: { audit_row_not_found: 'No se encontró el registro de la bitácora.' },
  en: { audit_row_not_found: 'Audit log entry not found.' },
};
