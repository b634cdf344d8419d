import { z } from 'zod';
import { normalizePlate } from '../../matching/plate.js';
import { validateVin } from '../../matching/vin.js';

export const REPORT_STATUSES = ['stolen', 'recovered', 'cancelled'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const Entidad = z.string({ message: 'field.vehicle_entidad' }).regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.vehicle_entidad');
const Text = (max: number) => z.string({ message: 'field.vehicle_text_required' }).trim().min(1, 'field.vehicle_text_required').max(max, 'field.text_too_long');
const DateTime = z.iso.datetime({ offset: true, message: 'field.vehicle_datetime' });
const Lat = z.number({ message: 'field.vehicle_lat' }).min(14, 'field.vehicle_lat').max(33, 'field.vehicle_lat');
const Lon = z.number({ message: 'field.vehicle_lon' }).min(-119, 'field.vehicle_lon').max(-86, 'field.vehicle_lon');
const Plate = z.string({ message: 'field.vehicle_plate' }).transform((s) => normalizePlate(s)).refine((s) => s.length >= 5 && s.length <= 8, 'field.vehicle_plate');
const Vin = z.string({ message: 'field.vehicle_vin' }).refine((s) => validateVin(s).structureOk, 'field.vehicle_vin')
  .refine((s) => validateVin(s).checkDigitOk, 'field.vehicle_vin_check').transform((s) => validateVin(s).vin);

/** A theft report (denuncia de robo de vehículo), idempotent on source + external_id. */
export const TheftReport = z.strictObject({
  source: Text(60).default('captura'),
  external_id: Text(120).optional(),
  plate: Plate.nullable().optional(),
  plate_entidad: Entidad.nullable().optional(),
  vin: Vin.nullable().optional(),
  make: Text(60),
  model: Text(80).nullable().optional(),
  year: z.number({ message: 'field.vehicle_year' }).int('field.vehicle_year').min(1900, 'field.vehicle_year').max(2100, 'field.vehicle_year').nullable().optional(),
  color: Text(40).nullable().optional(),
  with_violence: z.boolean({ message: 'field.vehicle_with_violence' }),
  stolen_at: DateTime,
  lat: Lat.nullable().optional(),
  lon: Lon.nullable().optional(),
  place: Text(300).nullable().optional(),
  carpeta: Text(80).nullable().optional(),
  /** Only for a national-scope actor: the entidad reporting (others report for their own). */
  entidad: Entidad.optional(),
}).refine((b) => !!b.plate || !!b.vin, { message: 'field.vehicle_plate_or_vin', path: ['plate'] })
  .refine((b) => (b.lat == null) === (b.lon == null), { message: 'field.vehicle_coords_pair', path: ['lon'] });
export type TheftReportInput = z.infer<typeof TheftReport>;

export const RecoveryBody = z.strictObject({
  recovered_at: DateTime,
  lat: Lat.nullable().optional(),
  lon: Lon.nullable().optional(),
  place: Text(300).nullable().optional(),
  condition: z.enum(['intacto', 'danado', 'desvalijado', 'incendiado', 'otro'], { message: 'field.vehicle_condition' }),
  institution_id: z.number().int().positive().optional(),
  notes: Text(1000).nullable().optional(),
});
export type RecoveryInput = z.infer<typeof RecoveryBody>;

export const CancelBody = z.strictObject({ reason: z.string({ message: 'field.vehicle_reason' }).trim().min(3, 'field.vehicle_reason').max(1000, 'field.text_too_long') });
export const ReportIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const ReportQuery = z.strictObject({
  status: z.enum(REPORT_STATUSES).optional(),
  plate: z.string().trim().min(2).max(20).optional(),
  entidad: Entidad.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});
export type ReportQueryInput = z.infer<typeof ReportQuery>;
export const StatsQuery = z.strictObject({
  from: z.iso.date({ message: 'field.vehicle_date' }).optional(),
  to: z.iso.date({ message: 'field.vehicle_date' }).optional(),
});

export const CameraCreate = z.strictObject({
  code: Text(60),
  name: Text(200),
  lat: Lat,
  lon: Lon,
  direction: Text(40).nullable().optional(),
  /** Only for a national-scope actor. */
  entidad: Entidad.optional(),
});
export type CameraCreateInput = z.infer<typeof CameraCreate>;
export const CameraIdParams = z.strictObject({ id: z.coerce.number().int().positive() });

/** One plate read as a reader sends it; validated entry by entry so a bad one does not sink the batch. */
export const PlateRead = z.strictObject({
  camera_id: z.number({ message: 'field.read_camera_id' }).int('field.read_camera_id').positive('field.read_camera_id'),
  read_id: z.string().min(1).max(120).optional(),
  read_at: DateTime,
  candidates: z.array(z.strictObject({
    plate: z.string({ message: 'field.read_plate' }).min(1, 'field.read_plate').max(20, 'field.read_plate'),
    confidence: z.number({ message: 'field.read_confidence' }).min(0, 'field.read_confidence').max(1, 'field.read_confidence').optional(),
  }), { message: 'field.read_candidates' }).min(1, 'field.read_candidates').max(10, 'field.read_candidates'),
  lat: Lat.nullable().optional(),
  lon: Lon.nullable().optional(),
  direction: z.string().max(40).nullable().optional(),
  image_ref: z.string().max(500).nullable().optional(),
});
export type PlateReadInput = z.infer<typeof PlateRead>;
/** A batch of reads: a JSON array, `{ reads: [...] }`, or NDJSON text; each entry is then validated with PlateRead. */
export const ReadsBatch = z.union([z.array(z.unknown()), z.strictObject({ reads: z.array(z.unknown()) }), z.string()], { message: 'reads_body_invalid' });
export const ReadHistoryQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(7),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

/** Row types of this module's tables (migrations/0007_vehicles.sql). */
export interface ReportRow {
  entidad: string; id: number; institution_id: number; institution_name?: string; source: string; external_id: string; version: number;
  status: ReportStatus; plate: string | null; plate_ocr_key: string | null; plate_entidad: string | null; vin: string | null; vin_check_ok: boolean | null;
  make: string; model: string | null; year: number | null; color: string | null; with_violence: boolean; stolen_at: Date; lat: number | null; lon: number | null;
  place: string | null; carpeta: string | null; recovered_at: Date | null; recovery: Record<string, unknown> | null; cancelled_at: Date | null;
  status_reason: string | null; created_at: Date; created_by: Record<string, unknown>; updated_at: Date; updated_by: Record<string, unknown>;
}
export interface CameraRow {
  entidad: string; id: number; institution_id: number; code: string; name: string; lat: number; lon: number; direction: string | null; active: boolean;
}

export const messages = {
  es: {
    vehicle_report_not_found: 'No se encontró el reporte de robo de vehículo.',
    vehicle_report_status: 'El reporte está «{status}»; no se puede {action}.',
    camera_not_found: 'No se encontró la cámara lectora de placas.',
    camera_code_taken: 'Ya existe una cámara con esa clave en la institución.',
    reads_batch_empty: 'El lote no trae lecturas.',
    reads_batch_too_large: 'El lote trae {count} lecturas; el máximo es {max}.',
    reads_body_invalid: 'El cuerpo debe ser un arreglo JSON de lecturas, un objeto { reads: [...] } o NDJSON (una lectura por línea).',
    'read.invalid_json': 'la línea no es JSON válido',
    'read.camera_unknown': 'la cámara no existe, está inactiva o está fuera de su territorio',
    'read.plate_format': 'ninguna lectura de placa corresponde a un formato de placa mexicano',
    'read.duplicate_in_batch': 'lectura repetida en el mismo lote',
    'read.read_at_range': 'la hora de lectura está en el futuro o fuera del periodo de conservación',
    'field.vehicle_entidad': 'clave de entidad de dos dígitos (01–32)',
    'field.vehicle_text_required': 'es obligatorio',
    'field.vehicle_datetime': 'fecha y hora ISO 8601 con zona',
    'field.vehicle_date': 'fecha AAAA-MM-DD',
    'field.vehicle_lat': 'latitud en México (14 a 33)',
    'field.vehicle_lon': 'longitud en México (−119 a −86)',
    'field.vehicle_coords_pair': 'indique latitud y longitud juntas',
    'field.vehicle_plate': 'placa de 5 a 8 letras o dígitos',
    'field.vehicle_plate_or_vin': 'indique la placa o el NIV',
    'field.vehicle_vin': 'el NIV debe tener 17 caracteres, sin I, O ni Q',
    'field.vehicle_vin_check': 'el dígito verificador del NIV (posición 9) no corresponde',
    'field.vehicle_year': 'año modelo entre 1900 y 2100',
    'field.vehicle_with_violence': 'indique si el robo fue con violencia (true/false)',
    'field.vehicle_condition': 'estado: intacto, danado, desvalijado, incendiado u otro',
    'field.vehicle_reason': 'indique el motivo (al menos 3 caracteres)',
    'field.vehicle_institution': 'la institución no existe o está fuera de su territorio',
    'field.vehicle_time_future': 'la fecha y hora no puede estar en el futuro',
    'field.vehicle_recovered_before_theft': 'la recuperación no puede ser anterior al robo',
    'field.vehicle_entidad_scope': 'está fuera de su territorio',
    'field.vehicle_institution_required': 'su usuario no tiene institución',
    'field.read_camera_id': 'identificador numérico de la cámara',
    'field.read_plate': 'texto de la placa leída (1 a 20 caracteres)',
    'field.read_confidence': 'confianza entre 0 y 1',
    'field.read_candidates': 'entre 1 y 10 lecturas candidatas { plate, confidence }',
  },
  en: {
    vehicle_report_not_found: 'Vehicle theft report not found.',
    vehicle_report_status: 'The report is «{status}»; it cannot be {action}.',
    camera_not_found: 'Plate-reader camera not found.',
    camera_code_taken: 'The institution already has a camera with that code.',
    reads_batch_empty: 'The batch has no reads.',
    reads_batch_too_large: 'The batch has {count} reads; the maximum is {max}.',
    reads_body_invalid: 'The body must be a JSON array of reads, an object { reads: [...] } or NDJSON (one read per line).',
    'read.invalid_json': 'the line is not valid JSON',
    'read.camera_unknown': 'the camera does not exist, is inactive or is outside your territory',
    'read.plate_format': 'no plate reading fits a Mexican plate format',
    'read.duplicate_in_batch': 'read repeated in the same batch',
    'read.read_at_range': 'the read time is in the future or beyond the retention period',
    'field.vehicle_entidad': 'two-digit entidad code (01–32)',
    'field.vehicle_text_required': 'is required',
    'field.vehicle_datetime': 'ISO 8601 date-time with offset',
    'field.vehicle_date': 'date YYYY-MM-DD',
    'field.vehicle_lat': 'latitude within Mexico (14 to 33)',
    'field.vehicle_lon': 'longitude within Mexico (−119 to −86)',
    'field.vehicle_coords_pair': 'give latitude and longitude together',
    'field.vehicle_plate': 'plate of 5 to 8 letters or digits',
    'field.vehicle_plate_or_vin': 'give the plate or the VIN',
    'field.vehicle_vin': 'the VIN must have 17 characters, no I, O or Q',
    'field.vehicle_vin_check': 'the VIN check digit (position 9) does not match',
    'field.vehicle_year': 'model year between 1900 and 2100',
    'field.vehicle_with_violence': 'say whether the theft was violent (true/false)',
    'field.vehicle_condition': 'condition: intacto, danado, desvalijado, incendiado or otro',
    'field.vehicle_reason': 'give the reason (at least 3 characters)',
    'field.vehicle_institution': 'the institution does not exist or is outside your territory',
    'field.vehicle_time_future': 'the date and time cannot be in the future',
    'field.vehicle_recovered_before_theft': 'the recovery cannot be earlier than the theft',
    'field.vehicle_entidad_scope': 'is outside your territory',
    'field.vehicle_institution_required': 'your user has no institution',
    'field.read_camera_id': 'numeric camera id',
    'field.read_plate': 'plate text as read (1 to 20 characters)',
    'field.read_confidence': 'confidence between 0 and 1',
    'field.read_candidates': 'between 1 and 10 candidate readings { plate, confidence }',
  },
};
