import type { Kysely } from 'kysely';
import { newApiKey } from '../../core/auth/tokens.js';
import type { CoreTables } from '../../core/db-types.js';

/**
 * Test-only catalogue rows (codes prefixed `T-`, clearly not the real catalogue, which the catalogs module seeds).
 * Tests insert them when they need offence codes, whatever the catalogue holds.
 */
export const TEST_OFFENCES = [
  { code: 'T-ROBO', kind: 'delito' as const, name_es: 'Robo (prueba)', name_en: 'Theft (test)', category: 'patrimonio', fuero: 'comun', extended_retention: false, prision_preventiva_oficiosa: false },
  { code: 'T-DO', kind: 'delito' as const, name_es: 'Delincuencia organizada (prueba)', name_en: 'Organised crime (test)', category: 'seguridad', fuero: 'federal', extended_retention: true, prision_preventiva_oficiosa: true },
  { code: 'T-EBRIO', kind: 'falta' as const, name_es: 'Ingerir bebidas alcohólicas en la vía pública (prueba)', name_en: 'Drinking in public (test)', category: 'civica', fuero: null, extended_retention: false, prision_preventiva_oficiosa: false },
  { code: 'T-RINA', kind: 'falta' as const, name_es: 'Riña (prueba)', name_en: 'Brawl (test)', category: 'civica', fuero: null, extended_retention: false, prision_preventiva_oficiosa: false },
];

/** Inserts the test offences (idempotent). */
export async function seedTestOffences(db: Kysely<CoreTables>): Promise<void> {
  await db.insertInto('offences').values(TEST_OFFENCES).onConflict((oc) => oc.column('code').doNothing()).execute();
}

/** Inserts municipalities for an entidad (tests of the "municipality within the entidad" rule). */
export async function seedTestMunicipios(db: Kysely<CoreTables>, entidad: string, rows: [string, string][]): Promise<void> {
  await db.insertInto('municipios').values(rows.map(([code, name]) => ({ entidad, code, name }))).onConflict((oc) => oc.columns(['entidad', 'code']).doNothing()).execute();
}

/** An API key for a state system of one institution (roles as given); returns the `Authorization` header. */
export async function apiKeyFor(db: Kysely<CoreTables>, institutionId: number, entidad: string | null, name = 'sistema-estatal', roles = ['capturist']): Promise<{ authorization: string }> {
  const k = newApiKey();
  await db.insertInto('api_keys').values({ name, prefix: k.prefix, key_hash: k.hash, institution_id: institutionId, entidad, roles }).execute();
  return { authorization: `Bearer ${k.key}` };
}

type Body = Record<string, any>;

/** A complete, valid registration body (entidad 14, a hecho probablemente delictivo in flagrancia) with overrides merged one level deep. */
export function registrationBody(at: Date, overrides: Body = {}): Body {
  const base: Body = {
    persona: { nombre: 'José', apellido_paterno: 'Pérez', apellido_materno: 'López', edad: 34, sexo: 'H', senas_particulares: 'Tatuaje en el antebrazo', alias: ['El Güero'] },
    lugar: { entidad: '14', municipio: '039', domicilio: 'Av. Juárez 100, Guadalajara', lat: 20.6736, lon: -103.344 },
    fecha_hora_detencion: at.toISOString(),
    motivo: 'Detenido en flagrancia al sustraer una bolsa a una transeúnte',
    tipo: 'hecho_probablemente_delictivo',
    supuesto: 'flagrancia',
    offence_codes: ['T-ROBO'],
    autoridad_detencion: { agentes: [{ nombre: 'Luis Ramírez Soto', cargo: 'Policía Primero', unidad: 'Sector Centro' }] },
    autoridad_destino: { tipo: 'ministerio_publico', nombre: 'Agencia del Ministerio Público de Detenidos' },
    lugar_traslado: 'Agencia del Ministerio Público de Detenidos, Guadalajara',
  };
  const out: Body = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' ? { ...base[k], ...v } : v;
  }
  return out;
}
