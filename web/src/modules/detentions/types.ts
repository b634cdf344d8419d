/** Shapes of the detentions API answers the pages use (see src/modules/detentions). */
/** A data-quality warning of a record (`avisos` in the API), its message in the reader's language. */
export interface Aviso { code: string; field: string; message: string }
export type Flag = 'registro_tardio' | 'puesta_demorada' | 'arresto_excedido' | 'retencion_mp_excedida';
export interface DetentionRow {
  folio: string; entidad: string; nombre: string; apellido_paterno: string | null; apellido_materno: string | null;
  fecha_hora_detencion: string; tipo: string; situacion: string; flags: Flag[]; [k: string]: unknown;
}
export type FlagCounts = Record<Flag, number>;
export interface DetentionStats {
  filters: { from: string; to: string; period: 'day' | 'month'; entidad: string | null };
  total: number; flags: FlagCounts;
  per_period: { period: string; count: number }[];
  per_entidad: { entidad: string; nombre: string | null; count: number }[];
  per_tipo: { tipo: string; count: number }[];
  per_offence: { code: string; nombre: string | null; count: number }[];
  per_institution: { institution_id: number; nombre: string | null; count: number }[];
  registration_lag: { bucket: string; count: number }[];
}
export interface Offence { code: string; kind: 'delito' | 'falta'; name_es: string; name_en: string; category: string | null }
