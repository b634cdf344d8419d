import type { ColumnType } from 'kysely';
import { z } from 'zod';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** The person fields a mention keeps as written (src/matching PersonInput, JSON-safe). */
export interface MentionPersona {
  nombre?: string | null;
  apellido_paterno?: string | null;
  apellido_materno?: string | null;
  nombre_completo?: string | null;
  alias?: string[] | null;
  curp?: string | null;
  fecha_nacimiento?: string | null;
  sexo?: string | null;
}

/** Row types of migrations/0005_entities.sql (entity index part), used through `db.withTables<EntityTables>()`. */
export type EntityTables = {
  person_mentions: {
    entidad: string; registry: string; record_id: string; label: string | null; institution_id: number | null; observed_at: Timestamp;
    full_name: string; blocking_keys: string[]; curp: string | null;
    fecha_nacimiento: string | null; sexo: string | null; aliases: string[]; persona: Json<MentionPersona>; source_version: number; indexed_at: Timestamp;
  };
};

const Text = (max: number) => z.string().trim().max(max, 'field.text_too_long');
const DateOnly = z.iso.date({ message: 'field.person_date_format' });

/** A query person: any of the fields the scorer reads (like `sereno match score`). */
export const QueryPersona = z.strictObject({
  nombre: Text(120).nullable().optional(),
  apellido_paterno: Text(120).nullable().optional(),
  apellido_materno: Text(120).nullable().optional(),
  nombre_completo: Text(300).nullable().optional(),
  alias: z.array(Text(120)).max(20).optional(),
  curp: Text(18).nullable().optional(),
  fecha_nacimiento: DateOnly.nullable().optional(),
  sexo: z.enum(['H', 'M', 'X'], { message: 'field.person_sexo' }).nullable().optional(),
}).refine((p) => !!(p.nombre || p.apellido_paterno || p.nombre_completo || p.curp || p.alias?.length), { message: 'field.persona_empty' });

/** The reason for consulting personal data (motivo de consulta): required, kept as the audit row's reason. */
const Motivo = z.string({ message: 'field.motivo_consulta_required' }).trim().min(5, 'field.motivo_consulta_required').max(500, 'field.text_too_long');
const Limit = z.number().int().min(1).max(200).default(20);

export const MatchBody = z.strictObject({ persona: QueryPersona, motivo: Motivo, limit: Limit, solo_coincidencias: z.boolean().default(false) });
export type MatchInput = z.infer<typeof MatchBody>;

export const SearchBody = z.strictObject({
  nombre: Text(300).min(2, 'field.search_name_short').optional(),
  curp: Text(18).optional(),
  fecha_nacimiento: DateOnly.optional(),
  sexo: z.enum(['H', 'M', 'X'], { message: 'field.person_sexo' }).optional(),
  motivo: Motivo,
  limit: Limit,
}).refine((b) => !!(b.nombre || b.curp), { message: 'field.search_needs_name_or_curp', path: ['nombre'] });
export type SearchInput = z.infer<typeof SearchBody>;

export const messages = {
  es: {
    'field.motivo_consulta_required': 'indique el motivo de la consulta (al menos 5 caracteres); queda en la bitácora',
    'field.persona_empty': 'indique al menos un nombre, un alias o la CURP',
    'field.search_name_short': 'escriba al menos 2 caracteres del nombre',
    'field.search_needs_name_or_curp': 'indique un nombre o una CURP',
    'field.text_too_long': 'texto demasiado largo',
    'field.person_sexo': 'debe ser H, M o X',
    'field.person_date_format': 'debe ser una fecha AAAA-MM-DD',
  },
  en: {
    'field.motivo_consulta_required': 'give the reason for this search (at least 5 characters); it is kept in the audit log',
    'field.persona_empty': 'give at least a name, an alias or the CURP',
    'field.search_name_short': 'type at least 2 characters of the name',
    'field.search_needs_name_or_curp': 'give a name or a CURP',
    'field.text_too_long': 'text too long',
    'field.person_sexo': 'must be H, M or X',
    'field.person_date_format': 'must be a YYYY-MM-DD date',
  },
};
