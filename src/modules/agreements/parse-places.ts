/**
 * Places named in the Conference's documents: the 32 entidades (INEGI codes), their usual abbreviations,
 * the main cities of each, and the five zones of the Conference (DOF, January 2013 — kept as data; the
 * platform's catalogue is the source of truth for administrators, this copy only serves the parser).
 */
import { fold, squash, titleCase } from './parse-text.js';

export type Zone = 'Noroeste' | 'Noreste' | 'Occidente' | 'Centro' | 'Sureste';
export const ZONES: readonly Zone[] = ['Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste'];

export interface EntidadRef { code: string; name: string; aliases: string[]; capital: string; zone: Zone }

/** INEGI code, official name, spellings and abbreviations seen in documents, capital, zone. */
export const ENTIDADES_PARSE: readonly EntidadRef[] = [
  { code: '01', name: 'Aguascalientes', aliases: ['Ags'], capital: 'Aguascalientes', zone: 'Occidente' },
  { code: '02', name: 'Baja California', aliases: ['BC', 'B.C.'], capital: 'Mexicali', zone: 'Noroeste' },
  { code: '03', name: 'Baja California Sur', aliases: ['BCS', 'B.C.S.'], capital: 'La Paz', zone: 'Noroeste' },
  { code: '04', name: 'Campeche', aliases: ['Camp'], capital: 'San Francisco de Campeche', zone: 'Sureste' },
  { code: '05', name: 'Coahuila de Zaragoza', aliases: ['Coahuila', 'Coah'], capital: 'Saltillo', zone: 'Noreste' },
  { code: '06', name: 'Colima', aliases: ['Col'], capital: 'Colima', zone: 'Occidente' },
  { code: '07', name: 'Chiapas', aliases: ['Chis'], capital: 'Tuxtla Gutiérrez', zone: 'Sureste' },
  { code: '08', name: 'Chihuahua', aliases: ['Chih'], capital: 'Chihuahua', zone: 'Noroeste' },
  { code: '09', name: 'Ciudad de México', aliases: ['CDMX', 'Cd. de México', 'Cd. Mx.', 'Distrito Federal', 'D.F.', 'DF', 'México, D.F.'], capital: 'Ciudad de México', zone: 'Centro' },
  { code: '10', name: 'Durango', aliases: ['Dgo'], capital: 'Victoria de Durango', zone: 'Noreste' },
  { code: '11', name: 'Guanajuato', aliases: ['Gto'], capital: 'Guanajuato', zone: 'Occidente' },
  { code: '12', name: 'Guerrero', aliases: ['Gro'], capital: 'Chilpancingo de los Bravo', zone: 'Centro' },
  { code: '13', name: 'Hidalgo', aliases: ['Hgo'], capital: 'Pachuca de Soto', zone: 'Centro' },
  { code: '14', name: 'Jalisco', aliases: ['Jal'], capital: 'Guadalajara', zone: 'Occidente' },
  { code: '15', name: 'México', aliases: ['Estado de México', 'Edo. de México', 'Edo. Méx.', 'Edomex', 'Méx'], capital: 'Toluca de Lerdo', zone: 'Centro' },
  { code: '16', name: 'Michoacán de Ocampo', aliases: ['Michoacán', 'Mich'], capital: 'Morelia', zone: 'Occidente' },
  { code: '17', name: 'Morelos', aliases: ['Mor'], capital: 'Cuernavaca', zone: 'Centro' },
  { code: '18', name: 'Nayarit', aliases: ['Nay'], capital: 'Tepic', zone: 'Occidente' },
  { code: '19', name: 'Nuevo León', aliases: ['NL', 'N.L.'], capital: 'Monterrey', zone: 'Noreste' },
  { code: '20', name: 'Oaxaca', aliases: ['Oax'], capital: 'Oaxaca de Juárez', zone: 'Sureste' },
  { code: '21', name: 'Puebla', aliases: ['Pue'], capital: 'Heroica Puebla de Zaragoza', zone: 'Centro' },
  { code: '22', name: 'Querétaro', aliases: ['Querétaro de Arteaga', 'Qro'], capital: 'Santiago de Querétaro', zone: 'Occidente' },
  { code: '23', name: 'Quintana Roo', aliases: ['Q. Roo', 'Q.Roo', 'QRoo', 'Q.R.'], capital: 'Chetumal', zone: 'Sureste' },
  { code: '24', name: 'San Luis Potosí', aliases: ['SLP', 'S.L.P.'], capital: 'San Luis Potosí', zone: 'Noreste' },
  { code: '25', name: 'Sinaloa', aliases: ['Sin'], capital: 'Culiacán Rosales', zone: 'Noroeste' },
  { code: '26', name: 'Sonora', aliases: ['Son'], capital: 'Hermosillo', zone: 'Noroeste' },
  { code: '27', name: 'Tabasco', aliases: ['Tab'], capital: 'Villahermosa', zone: 'Sureste' },
  { code: '28', name: 'Tamaulipas', aliases: ['Tamps', 'Tamp'], capital: 'Ciudad Victoria', zone: 'Noreste' },
  { code: '29', name: 'Tlaxcala', aliases: ['Tlax'], capital: 'Tlaxcala de Xicohténcatl', zone: 'Centro' },
  { code: '30', name: 'Veracruz de Ignacio de la Llave', aliases: ['Veracruz', 'Ver'], capital: 'Xalapa-Enríquez', zone: 'Sureste' },
  { code: '31', name: 'Yucatán', aliases: ['Yuc'], capital: 'Mérida', zone: 'Sureste' },
  { code: '32', name: 'Zacatecas', aliases: ['Zac'], capital: 'Zacatecas', zone: 'Occidente' },
];

/** Main cities (capitals, metropolitan areas, ports and usual meeting venues) → entidad code. */
const CITIES: Record<string, string[]> = {
  '01': ['Aguascalientes'],
  '02': ['Mexicali', 'Tijuana', 'Ensenada', 'Tecate', 'Rosarito', 'Playas de Rosarito'],
  '03': ['La Paz', 'Los Cabos', 'Cabo San Lucas', 'San José del Cabo', 'Loreto'],
  '04': ['Campeche', 'San Francisco de Campeche', 'Ciudad del Carmen'],
  '05': ['Saltillo', 'Torreón', 'Monclova', 'Piedras Negras', 'Ramos Arizpe'],
  '06': ['Colima', 'Manzanillo', 'Villa de Álvarez'],
  '07': ['Tuxtla Gutiérrez', 'Tapachula', 'San Cristóbal de las Casas', 'Comitán'],
  '08': ['Chihuahua', 'Ciudad Juárez', 'Cd. Juárez', 'Delicias', 'Parral', 'Cuauhtémoc'],
  '09': ['Ciudad de México', 'CDMX'],
  '10': ['Durango', 'Victoria de Durango', 'Gómez Palacio', 'Lerdo'],
  '11': ['Guanajuato', 'León', 'Irapuato', 'Celaya', 'Salamanca', 'San Miguel de Allende'],
  '12': ['Chilpancingo', 'Chilpancingo de los Bravo', 'Acapulco', 'Iguala', 'Taxco', 'Zihuatanejo', 'Ixtapa'],
  '13': ['Pachuca', 'Pachuca de Soto', 'Tulancingo'],
  '14': ['Guadalajara', 'Zapopan', 'Tlaquepaque', 'San Pedro Tlaquepaque', 'Tonalá', 'Tlajomulco', 'Puerto Vallarta', 'Chapala'],
  '15': ['Toluca', 'Toluca de Lerdo', 'Metepec', 'Naucalpan', 'Ecatepec', 'Nezahualcóyotl', 'Tlalnepantla', 'Texcoco'],
  '16': ['Morelia', 'Uruapan', 'Zamora', 'Lázaro Cárdenas', 'Pátzcuaro'],
  '17': ['Cuernavaca', 'Cuautla', 'Jiutepec'],
  '18': ['Tepic', 'Nuevo Vallarta', 'Bahía de Banderas'],
  '19': ['Monterrey', 'San Pedro Garza García', 'San Nicolás de los Garza', 'Guadalupe', 'Apodaca'],
  '20': ['Oaxaca', 'Oaxaca de Juárez', 'Huatulco', 'Salina Cruz', 'Juchitán'],
  '21': ['Puebla', 'Heroica Puebla de Zaragoza', 'Tehuacán', 'Cholula', 'San Andrés Cholula'],
  '22': ['Querétaro', 'Santiago de Querétaro', 'San Juan del Río'],
  '23': ['Chetumal', 'Cancún', 'Playa del Carmen', 'Cozumel', 'Tulum', 'Bacalar'],
  '24': ['San Luis Potosí', 'Ciudad Valles', 'Matehuala'],
  '25': ['Culiacán', 'Culiacán Rosales', 'Mazatlán', 'Los Mochis', 'Guasave'],
  '26': ['Hermosillo', 'Ciudad Obregón', 'Nogales', 'Puerto Peñasco', 'Guaymas', 'San Luis Río Colorado', 'Navojoa'],
  '27': ['Villahermosa', 'Cárdenas', 'Comalcalco'],
  '28': ['Ciudad Victoria', 'Cd. Victoria', 'Reynosa', 'Matamoros', 'Nuevo Laredo', 'Tampico', 'Ciudad Madero'],
  '29': ['Tlaxcala', 'Tlaxcala de Xicohténcatl', 'Apizaco', 'Huamantla'],
  '30': ['Xalapa', 'Jalapa', 'Xalapa-Enríquez', 'Veracruz', 'Boca del Río', 'Coatzacoalcos', 'Poza Rica', 'Orizaba', 'Córdoba', 'Tuxpan'],
  '31': ['Mérida', 'Progreso', 'Valladolid', 'Tizimín'],
  '32': ['Zacatecas', 'Fresnillo', 'Guadalupe'],
};

const key = (s: string) => fold(s).replace(/[.]/g, ' ').replace(/\s+/g, ' ').trim();
const BY_STATE = new Map<string, EntidadRef>();
for (const e of ENTIDADES_PARSE) for (const n of [e.name, ...e.aliases]) BY_STATE.set(key(n), e);
const BY_CITY = new Map<string, { name: string; code: string }>();
for (const [code, names] of Object.entries(CITIES)) {
  for (const n of names) if (!BY_CITY.has(key(n))) BY_CITY.set(key(n), { name: n, code });
}

/** Entidad named by a state name or abbreviation ("Qro", "Q. Roo", "Estado de México"). */
export const entidadByName = (s: string): EntidadRef | null => BY_STATE.get(key(s.replace(/^(?:el\s+)?estado\s+de\s+(?!m[eé]xico)/i, ''))) ?? null;
/** A known city with its canonical spelling and entidad. */
export const cityByName = (s: string): { name: string; code: string } | null => BY_CITY.get(key(s)) ?? null;
export const entidadByCode = (code: string): EntidadRef | null => ENTIDADES_PARSE.find((e) => e.code === code) ?? null;

/** Zone by name in any case ("OCCIDENTE" → "Occidente"). */
export const zoneByName = (s: string): Zone | null => ZONES.find((z) => fold(z) === fold(s).trim()) ?? null;

const NOT_A_PLACE = /(?:^|\s)(?:virtual|videoconferencia|en linea|remota|a distancia|hibrida|sesion|reunion|asamblea|conferencia|acuerdos?|fecha|hora)(?:\s|$)/;

export interface PlaceGuess { place: string | null; entidad: string | null; certain: boolean }

/**
 * Reads "Guadalajara, Jalisco", "Querétaro, Qro", "Puerto Peñasco", "GUADALAJARA, JALISCO", "Ciudad de
 * México": the city becomes `place` (canonical spelling when known), the state or the city gives `entidad`.
 * `certain` is false when the text names nothing known and is kept only because it looks like a place.
 */
export function parsePlace(raw: string): PlaceGuess | null {
  const s = squash(raw.replace(/^[\s,.;:–—-]+|[\s,.;:–—-]+$/g, '')
    .replace(/^(?:lugar|sede|domicilio)\s*:\s*/i, '')
    .replace(/^(?:(?:en|a)\s+)?(?:la\s+)?(?:ciudad|cd\.|sede)\s*(?:de\s+|:\s*)(?!m[eé]xico\b)/i, '')
    .replace(/^(?:en|a)\s+/i, ''));
  if (!s || s.length > 200) return null;
  const whole = entidadByName(s);
  if (whole && whole.code === '09') return { place: 'Ciudad de México', entidad: '09', certain: true };
  const parts = s.split(/\s*,\s*/).filter(Boolean);
  let entidad: EntidadRef | null = null;
  let cityParts = parts;
  for (let i = parts.length - 1; i >= 1 && !entidad; i--) {
    const e = entidadByName(parts.slice(i).join(', ')) ?? entidadByName(parts[i]);
    if (e) { entidad = e; cityParts = parts.slice(0, i); }
  }
  let cityText = cityParts.join(', ');
  // "Así lo acordaron … en la ciudad de Guadalajara": keep what follows the last "en" / "ciudad de".
  if (cityText.split(/\s+/).length > 5) cityText = cityText.replace(/^.*(?:^|\s)(?:en(?:\s+la\s+ciudad\s+de)?|ciudad\s+de)\s+(?=\p{Lu})/u, '');
  const cdmx = entidadByName(cityText);
  if (cdmx && cdmx.code === '09') return { place: 'Ciudad de México', entidad: '09', certain: true };
  const city = cityByName(cityText);
  if (city && (!entidad || city.code === entidad.code)) return { place: city.name, entidad: city.code, certain: true };
  const plausible = !!cityText && !/\d/.test(cityText) && cityText.split(/\s+/).length <= 5 && !NOT_A_PLACE.test(fold(cityText));
  if (entidad) return { place: plausible ? titleCase(cityText) : null, entidad: entidad.code, certain: true };
  const alone = entidadByName(cityText);
  if (alone) {
    const isCity = key(alone.capital).startsWith(key(alone.name)) || key(alone.capital).endsWith(key(alone.name));
    return { place: isCity ? alone.name : null, entidad: alone.code, certain: true };
  }
  if (plausible && parts.length <= 2 && /^\p{Lu}/u.test(cityText)) return { place: titleCase(cityText), entidad: null, certain: false };
  return null;
}

/**
 * Finds a "City, State" pair anywhere in a line ("en la ciudad de Mérida, Yucatán, el 6 de julio") by trying
 * each comma-separated window; only known states or cities count.
 */
export function findPlaceIn(line: string): PlaceGuess | null {
  const parts = line.split(/\s*,\s*|\s+(?=en\s+la\s+ciudad\s+de\s)/i).map((p) => squash(p)).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    for (const n of [2, 1]) {
      if (i + n > parts.length) continue;
      let chunk = parts.slice(i, i + n).join(', ');
      chunk = chunk.replace(/^.*\b(?:ciudad\s+de|en|a)\s+(?=\p{Lu})/u, '');
      const g = parsePlace(chunk);
      if (g && g.certain && g.entidad) return g;
    }
  }
  return null;
}
