/**
 * Provenance and expected shape of `municipios.json` (JSON cannot carry a header comment, so it lives here).
 *
 * Source: INEGI, Marco Geoestadístico — Áreas Geoestadísticas Municipales (AGEM), fields CVEGEO and NOMGEO;
 * edition 2022/2023 as stated by the intermediary below. Licence: "Términos de Libre Uso de la Información
 * del INEGI" (https://www.inegi.org.mx/inegi/terminos.html): reuse, redistribution and commercial use allowed
 * with attribution ("Fuente: INEGI, Marco Geoestadístico"). Sereno could not download INEGI's file directly;
 * the rows were transcribed from a public extraction of it, then checked (see README.md in this folder).
 * `municipios.json` is read at start-up by src/catalogs/municipios.ts and seeded into the `municipios` table.
 */
export const MUNICIPIOS_SOURCE = {
  publisher: 'INEGI',
  dataset: 'Marco Geoestadístico, Áreas Geoestadísticas Municipales (CVEGEO, NOMGEO)',
  edition: '2022/2023',
  licence: 'Términos de Libre Uso de la Información del INEGI',
  attribution: 'Fuente: INEGI, Marco Geoestadístico',
  via: {
    repository: 'https://github.com/isaacarroyov/datos_facil_acceso',
    path: 'GobiernoMexicano/cve_nom_municipios.csv',
    commit: '5cb3bf64cde5527bc08d374c2d66a3f6809a4c5f',
    note: 'Personal data repository, no licence file; it only re-publishes INEGI codes and names.',
  },
  /** Names restored to INEGI's NOMGEO where the intermediary had shortened or unaccented them. */
  corrections: {
    '11014': 'Dolores Hidalgo Cuna de la Independencia Nacional',
    '20549': 'Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia de Oaxaca',
    '31094': 'Tixméhuac',
  },
} as const;

/**
 * Municipalities per entidad in `municipios.json` (2,475 in all: 2,459 municipios and 16 alcaldías). Each
 * figure was checked against the commonly published counts (Oaxaca 570, Puebla 217, Veracruz 212, Jalisco
 * and México 125, Chiapas 124, Michoacán 113; Guerrero 85 with Las Vigas, Ñuu Savi, Santa Cruz del Rincón
 * and San Nicolás; BC 7 with San Quintín and San Felipe; Campeche 13 with Seybaplaya and Dzitbalché…).
 * Municipalities created after this edition — Sinaloa's Eldorado and Juan José Ríos (decreed 2021) — are
 * NOT included: check INEGI's current list before relying on Sinaloa.
 */
export const MUNICIPIO_COUNTS: Record<string, number> = {
  '01': 11, '02': 7, '03': 5, '04': 13, '05': 38, '06': 10, '07': 124, '08': 67, '09': 16, '10': 39, '11': 46,
  '12': 85, '13': 84, '14': 125, '15': 125, '16': 113, '17': 36, '18': 20, '19': 51, '20': 570, '21': 217,
  '22': 18, '23': 11, '24': 58, '25': 18, '26': 72, '27': 17, '28': 43, '29': 60, '30': 212, '31': 106, '32': 58,
};

/** Codes INEGI leaves unused inside an entidad's range (so a gap there is not a missing row). */
export const MUNICIPIO_CODE_GAPS: Record<string, string[]> = {
  '03': ['004', '005', '006', '007'],
  '07': ['095'],
  '09': ['001'],
};
