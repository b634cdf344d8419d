import type { ColumnType, Generated } from 'kysely';
import { z } from 'zod';
import { checkCurp } from './curp.js';

type Ts = ColumnType<Date, Date | string, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** Who wrote a version or an event, kept with it. */
export interface Recorder {
  type: string;
  id: number | null;
  name: string;
  institution_id: number | null;
}

/** Row types of the module's tables (used through `db.withTables<DetentionTables>()`). */
export type DetentionTables = {
  detention_folio_counters: { entidad: string; year: number; last_value: number };
  detentions: {
    entidad: string; id: Generated<number>; folio: string; source: string; external_id: string | null;
    version: Generated<number>; version_at: Ts; version_by: Json<Recorder>; version_reason: string | null; version_changed: Generated<string[]>;
    nombre: string; apellido_paterno: string | null; apellido_materno: string | null; nombre_clave: Generated<string>;
    sexo: string; edad: number | null; fecha_nacimiento: string | null; curp: string | null;
    municipio: string | null; fecha_hora_detencion: Ts; fecha_detencion: string; tipo: string; supuesto: string;
    offence_codes: Generated<string[]>; institution_id: number;
    registered_at: Ts; received_at: Ts; registro_lag_min: number; registered_by: Json<Recorder>;
    situacion: Generated<string>; situacion_juridica: string | null; ubicacion_actual: string | null; autoridad_actual: string | null;
    puesta_at: NullableTs; mp_at: NullableTs; juez_control_at: NullableTs; libertad_at: NullableTs;
    extended_retention: Generated<boolean>; events_count: Generated<number>; data: Json<DetentionDocument>;
  };
  detention_versions: {
    entidad: string; detention_id: number; version: number; data: Json<DetentionDocument>; version_at: Ts; version_by: Json<Recorder>;
    version_reason: string | null; version_changed: string[]; superseded_at: Ts;
  };
  detention_events: {
    entidad: string; detention_id: number; seq: number; tipo: string; ocurrido_at: Ts; recorded_at: Ts; recorded_by: Json<Recorder>;
    external_id: string | null; data: Json<Record<string, unknown>>;
  };
  detention_imports: {
    id: Generated<number>; entidad: string | null; institution_id: number | null; actor: Json<Recorder>; source: string; file_name: string;
    format: string; status: string; total_rows: Generated<number>; created: Generated<number>; existing: Generated<number>; rejected: Generated<number>;
    errors: Json<ImportError[]>; warned: Generated<number>; warnings: ColumnType<ImportError[], string | undefined, string>; failure: string | null; started_at: Ts; updated_at: Ts; finished_at: NullableTs;
  };
};

/** One rejected line of a bulk file (or item of a batch); also a registered line's warnings (`warnings`). */
export interface ImportError {
  line: number;
  external_id: string | null;
  issues: { field: string; message: string }[];
}

/** Detention types (LNRD art. 3: criminal process and administrative procedure). */
export const TIPOS = ['falta_administrativa', 'hecho_probablemente_delictivo'] as const;
/** The legal ground of the detention, as the LNRD lists it. */
export const SUPUESTOS = ['orden_de_aprehension', 'flagrancia', 'caso_urgente', 'arresto_administrativo'] as const;
/** The authority the person will be handed to. */
export const AUTORIDADES_DESTINO = ['ministerio_publico', 'juez_civico', 'otra'] as const;
/** The authority a puesta a disposición hands the person to. */
export const AUTORIDADES_PUESTA = ['ministerio_publico', 'juez_civico', 'juez_control', 'otra'] as const;
/** The custody-chain steps. */
export const EVENT_TYPES = ['puesta_a_disposicion', 'revision_medica', 'traslado', 'cambio_situacion_juridica', 'libertad'] as const;
/** Changes of legal situation. */
export const SITUACIONES_JURIDICAS = ['retencion_ministerio_publico', 'vinculacion_a_proceso', 'prision_preventiva', 'medidas_cautelares', 'sancion_administrativa', 'reclasificacion', 'otra'] as const;
/** Reasons for a release. */
export const MOTIVOS_LIBERTAD = ['cumplimiento_de_arresto', 'pago_de_multa', 'falta_de_elementos', 'no_ejercicio_accion_penal', 'resolucion_judicial', 'medida_cautelar_en_libertad', 'otro'] as const;

/** An INEGI entidad code, 01–32. */
export const EntidadCode = z.string().regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.entidad_unknown');
const Text = (max: number, min = 1) => z.string().trim().min(min).max(max);
const OptText = (max: number) => Text(max).nullable().optional();
const DateTime = z.iso.datetime({ offset: true, message: 'field.datetime_format' });
const DateOnly = z.iso.date({ message: 'field.date_format' });
const Id = z.coerce.number().int().positive();

/** A CURP, upper-cased, with its birth date, birth state and check digit verified. */
export const Curp = z.string().trim().toUpperCase().superRefine((v, ctx) => {
  const r = checkCurp(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason === 'check_digit' ? 'field.curp_check_digit' : r.reason === 'format' ? 'field.curp_format' : `field.curp_${r.reason}` });
});

const Persona = z.strictObject({
  nombre: Text(120),
  apellido_paterno: OptText(120),
  apellido_materno: OptText(120),
  edad: z.number().int().min(0).max(120).nullable().optional(),
  fecha_nacimiento: DateOnly.nullable().optional(),
  sexo: z.enum(['H', 'M', 'X'], { message: 'field.sexo' }),
  curp: Curp.nullable().optional(),
  senas_particulares: OptText(2000),
  alias: z.array(Text(120)).max(20).optional(),
});

const Lugar = z.strictObject({
  entidad: EntidadCode.optional(),
  municipio: z.string().regex(/^\d{3}$/, 'field.municipio_format').nullable().optional(),
  domicilio: OptText(500),
  lat: z.number().min(14, 'field.coordinates_outside_mexico').max(33, 'field.coordinates_outside_mexico').nullable().optional(),
  lon: z.number().min(-119, 'field.coordinates_outside_mexico').max(-86, 'field.coordinates_outside_mexico').nullable().optional(),
});

const Agente = z.strictObject({ nombre: Text(200), cargo: Text(120), unidad: OptText(200) });
const AutoridadDetencion = z.strictObject({
  institution_id: Id.optional(),
  agentes: z.array(Agente).min(1, 'field.agentes_required').max(50),
});
const AutoridadDestino = z.strictObject({ tipo: z.enum(AUTORIDADES_DESTINO), nombre: Text(300, 3) });
const PersonaConfianza = z.strictObject({
  nombre: Text(200),
  parentesco: OptText(100),
  telefono: OptText(40),
  consentimiento: z.literal(true, { message: 'field.consentimiento_required' }),
});
const Complemento = z.strictObject({
  domicilio: OptText(500),
  lugar_nacimiento: OptText(200),
  nacionalidad: OptText(100),
  ocupacion: OptText(200),
  escolaridad: OptText(100),
  estado_civil: OptText(50),
  lengua_indigena: OptText(100),
  discapacidad: OptText(300),
  huellas_registradas: z.boolean().optional(),
  fotografia_registrada: z.boolean().optional(),
  observaciones: OptText(4000),
});

const detentionFields = {
  persona: Persona,
  lugar: Lugar,
  fecha_hora_detencion: DateTime,
  motivo: Text(2000, 3),
  tipo: z.enum(TIPOS, { message: 'field.tipo' }),
  supuesto: z.enum(SUPUESTOS, { message: 'field.supuesto' }),
  offence_codes: z.array(Text(40)).max(20).optional(),
  autoridad_detencion: AutoridadDetencion,
  autoridad_destino: AutoridadDestino,
  lugar_traslado: Text(500, 3),
  persona_confianza: PersonaConfianza.nullable().optional(),
  complemento: Complemento.optional(),
};

/** The initial registration (what the law asks at the moment of detention), plus the idempotency key. */
export const RegistrationBody = z.strictObject({
  source: z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, 'field.source_format').optional(),
  external_id: Text(200).optional(),
  /** When the source system first registered it (state systems); defaults to the moment Sereno receives it. */
  fecha_hora_registro: DateTime.optional(),
  ...detentionFields,
});
/** A parsed registration body. */
export type RegistrationInput = z.infer<typeof RegistrationBody>;

/** The stored document of one version (normalised registration without the idempotency key). */
export type DetentionDocument = Omit<RegistrationInput, 'source' | 'external_id' | 'persona_confianza'> & {
  offence_codes: string[];
  lugar: RegistrationInput['lugar'] & { entidad: string };
  autoridad_detencion: { institution_id: number; agentes: z.infer<typeof Agente>[] };
  persona_confianza: (z.infer<typeof PersonaConfianza> & { telefono_e164?: string | null }) | null;
};

/** A completion or correction: any section, partially; it becomes a new version. */
export const UpdateBody = z.strictObject({
  expected_version: z.number().int().positive().optional(),
  motivo_cambio: Text(1000, 3),
  persona: Persona.partial().optional(),
  lugar: Lugar.omit({ entidad: true }).partial().optional(),
  fecha_hora_detencion: DateTime.optional(),
  motivo: Text(2000, 3).optional(),
  tipo: z.enum(TIPOS, { message: 'field.tipo' }).optional(),
  supuesto: z.enum(SUPUESTOS, { message: 'field.supuesto' }).optional(),
  offence_codes: z.array(Text(40)).max(20).optional(),
  autoridad_detencion: AutoridadDetencion.partial().optional(),
  autoridad_destino: AutoridadDestino.partial().optional(),
  lugar_traslado: Text(500, 3).optional(),
  persona_confianza: PersonaConfianza.nullable().optional(),
  complemento: Complemento.partial().optional(),
});
/** A parsed correction body. */
export type UpdateInput = z.infer<typeof UpdateBody>;

const Punto = z.strictObject({ lat: z.number().min(14).max(33), lon: z.number().min(-119).max(-86), at: DateTime.optional() });
const eventBase = { external_id: Text(200).optional(), ocurrido_at: DateTime, observaciones: OptText(4000) };

/** One custody step; `tipo` selects the shape. */
export const EventBody = z.discriminatedUnion('tipo', [
  z.strictObject({
    tipo: z.literal('puesta_a_disposicion'), ...eventBase,
    autoridad: z.strictObject({ tipo: z.enum(AUTORIDADES_PUESTA), nombre: Text(300, 3) }),
    lugar: Text(500, 3),
  }),
  z.strictObject({
    tipo: z.literal('revision_medica'), ...eventBase,
    estado_fisico: Text(4000, 3),
    lesiones: z.boolean(),
    medico: z.strictObject({ nombre: Text(200), cedula: OptText(50) }).nullable().optional(),
  }),
  z.strictObject({
    tipo: z.literal('traslado'), ...eventBase,
    origen: Text(500, 3),
    destino: Text(500, 3),
    ruta: z.array(Punto).max(5000).optional(),
  }),
  z.strictObject({
    tipo: z.literal('cambio_situacion_juridica'), ...eventBase,
    situacion: z.enum(SITUACIONES_JURIDICAS),
    descripcion: Text(2000, 3),
    autoridad: OptText(300),
    delincuencia_organizada: z.boolean().optional(),
  }),
  z.strictObject({
    tipo: z.literal('libertad'), ...eventBase,
    motivo: z.enum(MOTIVOS_LIBERTAD),
    descripcion: OptText(2000),
    autoridad: OptText(300),
  }),
], { message: 'field.event_tipo' });
/** A parsed custody event body. */
export type EventInput = z.infer<typeof EventBody>;

const FOLIO = /^RND-(0[1-9]|[12][0-9]|3[0-2])-\d{4}-\d{7,}$/;
/** `:folio` in paths, e.g. RND-14-2026-0000123. */
export const FolioParams = z.strictObject({ folio: z.string().trim().toUpperCase().regex(FOLIO, 'field.folio_format') });
/** `:id` of an import record. */
export const ImportParams = z.strictObject({ id: Id });

const Page = { page: z.coerce.number().int().min(1).default(1), page_size: z.coerce.number().int().min(1).max(200).default(50) };

/** Filters of the detention list. */
export const ListQuery = z.strictObject({
  entidad: EntidadCode.optional(),
  municipio: z.string().regex(/^\d{3}$/, 'field.municipio_format').optional(),
  tipo: z.enum(TIPOS).optional(),
  supuesto: z.enum(SUPUESTOS).optional(),
  institution: Id.optional(),
  situacion: z.enum(['en_custodia', 'en_libertad']).optional(),
  flag: z.enum(['registro_tardio', 'puesta_demorada', 'arresto_excedido', 'retencion_mp_excedida']).optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
  nombre: z.string().trim().min(3).max(300).optional(),
  curp: z.string().trim().toUpperCase().regex(/^[A-Z0-9Ñ]{18}$/, 'field.curp_format').optional(),
  ...Page,
});
/** Filters of the list of import records (newest first). */
export const ImportListQuery = z.strictObject({
  status: z.enum(['processing', 'completed', 'failed']).optional(),
  ...Page,
});
export type ImportListInput = z.infer<typeof ImportListQuery>;
/** Parsed list filters. */
export type ListInput = z.infer<typeof ListQuery>;

/** Filters of the dashboard stats. */
export const StatsQuery = z.strictObject({
  from: DateOnly.optional(),
  to: DateOnly.optional(),
  entidad: EntidadCode.optional(),
  municipio: z.string().regex(/^\d{3}$/, 'field.municipio_format').optional(),
  tipo: z.enum(TIPOS).optional(),
  offence: Text(40).optional(),
  institution: Id.optional(),
  period: z.enum(['day', 'month']).optional(),
});
/** Parsed stats filters. */
export type StatsInput = z.infer<typeof StatsQuery>;

/** The monthly report: entidad, month, format. */
export const ReportQuery = z.strictObject({
  entidad: EntidadCode,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'field.month_format'),
  format: z.enum(['csv', 'xlsx', 'pdf']).default('csv'),
});
/** Parsed report query. */
export type ReportInput = z.infer<typeof ReportQuery>;

/** The public consultation: a full name, in one field or split. */
export const PublicQuery = z.strictObject({
  nombre: z.string().trim().min(1, 'field.public_name_required').max(300),
  apellido_paterno: z.string().trim().max(120).optional(),
  apellido_materno: z.string().trim().max(120).optional(),
});
/** Parsed public-consultation query. */
export type PublicInput = z.infer<typeof PublicQuery>;

/** A batch from a state system: up to 1,000 registrations, each with `source` and `external_id`. */
export const BatchBody = z.array(z.unknown()).min(1).max(1000);

/** Error codes and field keys of the module, Spanish and English. */
export const messages = {
  es: {
    detention_not_found: 'No se encontró el registro de detención.',
    detention_released: 'La persona ya fue puesta en libertad ({at}); no se pueden añadir más eventos de custodia. Una nueva detención es un nuevo registro.',
    detention_version_conflict: 'El registro cambió mientras lo editaba (versión actual {current}, usted envió {expected}). Vuelva a cargarlo.',
    detention_replay_mismatch: 'El identificador externo {external_id} ya corresponde a un registro fuera de su territorio.',
    import_not_found: 'No se encontró la importación.',
    import_file_required: 'Adjunte un archivo CSV o XLSX en el campo «file».',
    import_format_unsupported: 'Formato de archivo no admitido: «{name}». Use CSV (.csv) o Excel (.xlsx).',
    import_header_missing: 'Faltan columnas obligatorias en el encabezado: {columns}.',
    import_file_empty: 'El archivo está vacío: no tiene una línea de encabezado con los nombres de las columnas.',
    import_upload_cut: 'El envío del archivo se cortó antes de terminar. Las filas ya registradas se conservan; vuelva a enviar el archivo y solo se agregarán las que falten.',
    import_stale: 'La carga se interrumpió: ningún lote se registró en {minutes} minutos (el servidor se detuvo o el envío del archivo se quedó a medias). Las filas ya registradas se conservan; vuelva a enviar el archivo y solo se agregarán las que falten.',
    import_xlsx_unreadable: 'El archivo no se pudo leer como libro de Excel (XLSX): está dañado, incompleto o tiene otro formato. Ábralo y guárdelo de nuevo, o envíelo como CSV; las filas registradas antes del error se conservan.',
    import_source_required: 'Indique el sistema de origen en el campo «source» (letras, dígitos, punto, guion, dos puntos).',
    public_query_too_short: 'Escriba el nombre completo: al menos un nombre y un apellido, de {min} letras o más cada uno.',
    'field.entidad_unknown': 'no es una entidad federativa (01–32)',
    'field.datetime_format': 'debe ser fecha y hora ISO 8601 con zona horaria, p. ej. 2026-10-05T22:40:00-06:00',
    'field.date_format': 'debe ser una fecha AAAA-MM-DD',
    'field.month_format': 'debe ser un mes AAAA-MM',
    'field.curp_format': 'no tiene el formato de una CURP (18 caracteres)',
    'field.curp_check_digit': 'el dígito verificador de la CURP no es válido',
    'field.curp_birth_date': 'la fecha de nacimiento de la CURP no existe',
    'field.curp_birth_state': 'la entidad de nacimiento de la CURP no existe',
    'field.sexo': 'debe ser H, M o X',
    'field.tipo': 'debe ser falta_administrativa o hecho_probablemente_delictivo',
    'field.supuesto': 'debe ser orden_de_aprehension, flagrancia, caso_urgente o arresto_administrativo',
    'field.supuesto_tipo': 'el supuesto «{supuesto}» no corresponde al tipo «{tipo}»',
    'field.municipio_format': 'debe ser la clave INEGI de 3 dígitos',
    'field.municipio_outside_entidad': 'el municipio {municipio} no pertenece a la entidad {entidad}',
    'field.coordinates_outside_mexico': 'las coordenadas están fuera del territorio nacional',
    'field.coordinates_pair': 'indique latitud y longitud juntas',
    'field.fecha_futura': 'la fecha y hora no puede estar en el futuro',
    'field.before_detention': 'no puede ser anterior a la detención',
    'field.fecha_nacimiento_futura': 'la fecha de nacimiento no puede ser posterior a la detención',
    'field.edad_or_fecha_nacimiento': 'indique la edad o la fecha de nacimiento',
    'field.offence_unknown': 'la clave {code} no está en el catálogo de delitos y faltas',
    'field.offence_kind': 'la clave {code} es de tipo «{kind}» y no corresponde al tipo de la detención',
    'field.agentes_required': 'indique al menos a una persona que intervino en la detención',
    'field.consentimiento_required': 'solo se registra si la persona detenida acepta proporcionarlo (consentimiento: true)',
    'field.telefono_invalido': 'no es un teléfono válido de México (10 dígitos)',
    'field.source_format': 'solo letras, dígitos, punto, guion, guion bajo y dos puntos',
    'field.external_id_required': 'es obligatorio en cargas masivas (idempotencia)',
    'field.external_id_repeated': 'se repite en el mismo archivo (línea {line})',
    'field.entidad_outside_scope': 'está fuera de su territorio de captura',
    'field.institution_outside_scope': 'la institución no existe, está inactiva o fuera de su territorio',
    'field.entidad_immutable': 'la entidad de un registro no cambia; registre la detención de nuevo en la entidad correcta',
    'field.folio_format': 'no es un folio RND (RND-EE-AAAA-NNNNNNN)',
    'field.event_tipo': 'debe ser puesta_a_disposicion, revision_medica, traslado, cambio_situacion_juridica o libertad',
    'field.public_name_required': 'escriba el nombre completo de la persona',
    'field.invalid_value': 'valor inválido',
    'field.row_invalid': 'la fila no es un objeto',
    'field.csv_quote_not_closed': 'una comilla se abre en esta línea y no se cierra: de aquí al final del archivo (línea {last}) no se pudo leer nada; cierre la comilla y vuelva a cargar el archivo (lo ya guardado no se duplica)',
    'field.csv_quote_malformed': 'una comilla cierra un campo y le sigue más texto: encierre todo el campo entre comillas y escriba cada comilla interior dos veces (""); la fila no se leyó',
    import_interrupted: 'La revisión del archivo se interrumpió en el servidor. Las filas ya registradas se conservan; vuelva a enviar el archivo y solo se agregarán las que falten.',
    report_not_found: 'No hay informe de esa entidad en su territorio.',
    'field.after_registration': 'la detención no puede ser posterior a su registro',
    'field.registro_only_systems': 'solo los sistemas estatales (clave de API) y las cargas masivas indican su propia hora de registro; en captura directa la hora es la del servidor',
    'field.after_events': 'la detención no puede ser posterior al primer evento de custodia registrado',
    'field.range_order': 'la fecha inicial es posterior a la final',
    'field.range_too_long': 'el periodo no puede exceder 10 años',
    'warning.curp_sexo': 'la CURP indica sexo {curp} y el registro dice {sexo}',
    'warning.curp_fecha_nacimiento': 'la CURP indica nacimiento el {curp} y el registro dice {fecha}',
    'warning.curp_edad': 'la edad registrada ({edad}) no corresponde a la fecha de nacimiento de la CURP ({calculada} años)',
    'warning.curp_nombre': 'la CURP empieza con {curp} y el nombre registrado daría {esperadas}: revise la CURP o el nombre',
    'warning.edad_fecha_nacimiento': 'la edad registrada ({edad}) no corresponde a la fecha de nacimiento ({calculada} años)',
    'report.title': 'Registro Nacional de Detenciones — Informe mensual',
    'report.entidad': 'Entidad', 'report.month': 'Mes', 'report.scope': 'Alcance', 'report.generated': 'Generado',
    'report.scope.entidad': 'todas las detenciones registradas en la entidad', 'report.scope.institution': 'solo las detenciones de la institución {id}',
    'report.total': 'Total de detenciones', 'report.sin_municipio': 'Sin municipio',
    'report.tipo.falta_administrativa': 'Falta administrativa', 'report.tipo.hecho_probablemente_delictivo': 'Hecho probablemente delictivo',
    'report.flag.registro_tardio': 'Registro tardío', 'report.flag.puesta_demorada': 'Puesta a disposición demorada',
    'report.flag.arresto_excedido': 'Arresto administrativo mayor a 36 h', 'report.flag.retencion_mp_excedida': 'Retención ministerial excedida (48/96 h)',
    'report.section.total': 'Total', 'report.section.tipo': 'Por tipo', 'report.section.bandera': 'Alertas de plazos legales',
    'report.section.registro_lag': 'Demora del registro', 'report.section.periodo': 'Por día', 'report.section.municipio': 'Por municipio',
    'report.section.delito_falta': 'Por delito o falta', 'report.section.institucion': 'Por institución',
    'report.sheet.summary': 'Resumen', 'report.col.key': 'Clave', 'report.col.name': 'Nombre', 'report.col.count': 'Detenciones',
    'report.page': 'Página {n} de {total}',
  },
  en: {
    detention_not_found: 'Detention record not found.',
    detention_released: 'The person was already released ({at}); no more custody events can be added. A new detention is a new record.',
    detention_version_conflict: 'The record changed while you were editing it (current version {current}, you sent {expected}). Reload it.',
    detention_replay_mismatch: 'External id {external_id} already belongs to a record outside your territory.',
    import_not_found: 'Import not found.',
    import_file_required: 'Attach a CSV or XLSX file in the "file" field.',
    import_format_unsupported: 'Unsupported file format: "{name}". Use CSV (.csv) or Excel (.xlsx).',
    import_header_missing: 'Required columns are missing from the header: {columns}.',
    import_file_empty: 'The file is empty: it has no header line with the column names.',
    import_upload_cut: 'Sending the file was cut off before it ended. The rows already registered are kept; send the file again and only the missing ones will be added.',
    import_stale: 'The upload was interrupted: no batch was registered for {minutes} minutes (the server stopped or sending the file stalled). The rows already registered are kept; send the file again and only the missing ones will be added.',
    import_xlsx_unreadable: 'The file could not be read as an Excel workbook (XLSX): it is damaged, incomplete or in another format. Open it and save it again, or send it as CSV; rows registered before the error are kept.',
    import_source_required: 'Give the source system in the "source" field (letters, digits, dot, dash, colon).',
    public_query_too_short: 'Type the full name: at least one given name and one surname, {min} letters or more each.',
    'field.entidad_unknown': 'is not a Mexican state code (01–32)',
    'field.datetime_format': 'must be an ISO 8601 date-time with offset, e.g. 2026-10-05T22:40:00-06:00',
    'field.date_format': 'must be a date YYYY-MM-DD',
    'field.month_format': 'must be a month YYYY-MM',
    'field.curp_format': 'is not shaped like a CURP (18 characters)',
    'field.curp_check_digit': 'the CURP check digit is wrong',
    'field.curp_birth_date': 'the CURP birth date does not exist',
    'field.curp_birth_state': 'the CURP birth state does not exist',
    'field.sexo': 'must be H, M or X',
    'field.tipo': 'must be falta_administrativa or hecho_probablemente_delictivo',
    'field.supuesto': 'must be orden_de_aprehension, flagrancia, caso_urgente or arresto_administrativo',
    'field.supuesto_tipo': 'supuesto "{supuesto}" does not fit tipo "{tipo}"',
    'field.municipio_format': 'must be the 3-digit INEGI code',
    'field.municipio_outside_entidad': 'municipality {municipio} is not in entidad {entidad}',
    'field.coordinates_outside_mexico': 'the coordinates are outside Mexico',
    'field.coordinates_pair': 'give latitude and longitude together',
    'field.fecha_futura': 'the date and time cannot be in the future',
    'field.before_detention': 'cannot be earlier than the detention',
    'field.fecha_nacimiento_futura': 'the birth date cannot be after the detention',
    'field.edad_or_fecha_nacimiento': 'give the age or the birth date',
    'field.offence_unknown': 'code {code} is not in the offence and infraction catalogue',
    'field.offence_kind': 'code {code} is of kind "{kind}" and does not fit the detention tipo',
    'field.agentes_required': 'name at least one person who took part in the detention',
    'field.consentimiento_required': 'recorded only if the detainee agrees to give it (consentimiento: true)',
    'field.telefono_invalido': 'is not a valid Mexican phone number (10 digits)',
    'field.source_format': 'letters, digits, dot, dash, underscore and colon only',
    'field.external_id_required': 'is required in bulk loads (idempotency)',
    'field.external_id_repeated': 'is repeated in the same file (line {line})',
    'field.entidad_outside_scope': 'is outside your capture territory',
    'field.institution_outside_scope': 'the institution does not exist, is inactive or is outside your territory',
    'field.entidad_immutable': 'the entidad of a record does not change; register the detention again in the right entidad',
    'field.folio_format': 'is not an RND folio (RND-EE-YYYY-NNNNNNN)',
    'field.event_tipo': 'must be puesta_a_disposicion, revision_medica, traslado, cambio_situacion_juridica or libertad',
    'field.public_name_required': 'type the person\'s full name',
    'field.invalid_value': 'invalid value',
    'field.row_invalid': 'the row is not an object',
    'field.csv_quote_not_closed': 'a quote opens on this line and never closes: nothing from here to the end of the file (line {last}) could be read; close the quote and upload the file again (what was stored is not duplicated)',
    'field.csv_quote_malformed': 'a quote closes a field and more text follows it: put the whole field in quotes and write each inner quote twice (""); the row was not read',
    import_interrupted: 'Checking the file was interrupted on the server. The rows already registered are kept; send the file again and only the missing ones will be added.',
    report_not_found: 'There is no report for that entidad in your territory.',
    'field.after_registration': 'the detention cannot be later than its registration',
    'field.registro_only_systems': 'only state systems (API key) and bulk loads give their own registration time; in direct capture the time is the server\'s',
    'field.after_events': 'the detention cannot be later than the first recorded custody event',
    'field.range_order': 'the start date is after the end date',
    'field.range_too_long': 'the period cannot exceed 10 years',
    'warning.curp_sexo': 'the CURP says sex {curp} and the record says {sexo}',
    'warning.curp_fecha_nacimiento': 'the CURP says born on {curp} and the record says {fecha}',
    'warning.curp_edad': 'the recorded age ({edad}) does not match the CURP\'s birth date ({calculada} years)',
    'warning.curp_nombre': 'the CURP starts with {curp} and the recorded name would give {esperadas}: check the CURP or the name',
    'warning.edad_fecha_nacimiento': 'the recorded age ({edad}) does not match the birth date ({calculada} years)',
    'report.title': 'National Detention Registry — Monthly report',
    'report.entidad': 'State', 'report.month': 'Month', 'report.scope': 'Scope', 'report.generated': 'Generated',
    'report.scope.entidad': 'all detentions registered in the state', 'report.scope.institution': 'only the detentions of institution {id}',
    'report.total': 'Total detentions', 'report.sin_municipio': 'No municipality',
    'report.tipo.falta_administrativa': 'Administrative infraction', 'report.tipo.hecho_probablemente_delictivo': 'Probable criminal act',
    'report.flag.registro_tardio': 'Late registration', 'report.flag.puesta_demorada': 'Delayed handover',
    'report.flag.arresto_excedido': 'Administrative arrest over 36 h', 'report.flag.retencion_mp_excedida': 'Prosecutor retention exceeded (48/96 h)',
    'report.section.total': 'Total', 'report.section.tipo': 'By type', 'report.section.bandera': 'Legal-deadline alerts',
    'report.section.registro_lag': 'Registration delay', 'report.section.periodo': 'By day', 'report.section.municipio': 'By municipality',
    'report.section.delito_falta': 'By offence or infraction', 'report.section.institucion': 'By institution',
    'report.sheet.summary': 'Summary', 'report.col.key': 'Key', 'report.col.name': 'Name', 'report.col.count': 'Detentions',
    'report.page': 'Page {n} of {total}',
  },
};
