/**
 * The 32 entidades federativas.
 *
 * Sources: `code` and official `name` — INEGI Marco Geoestadístico, Área Geoestadística Estatal (AGEE);
 * `abbreviation` — INEGI's short form of the AGEE name ("Ags.", "BC", "Q. Roo"…), checked against several
 * independent public copies, not against INEGI's own file; `curp_code` — RENAPO birth-state codes of the
 * CURP (DOMAIN.md); `zone` — the five regions of the Consejo Nacional de Seguridad Pública (DOF, January 2013,
 * per DOMAIN.md; the Conference's current list is not confirmed, and an administrator may change it in the
 * database); `capital` — seat of the state government, general knowledge; `centroid` — hand-entered
 * approximations (±0.5°) for centring maps, NOT an official or computed centroid.
 * Licence: INEGI data under the "Términos de Libre Uso de la Información del INEGI"
 * (https://www.inegi.org.mx/inegi/terminos.html); the rest is Sereno's own work under the project licence
 * (Apache-2.0). See README.md in this folder.
 */

/** The Conference's regional zones. */
export const ZONES = ['Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste'] as const;
export type Zone = (typeof ZONES)[number];

/** One entidad federativa; `code` is INEGI's two-digit key ('01'…'32'). */
export interface Entidad {
  code: string;
  name: string;
  short_name: string;
  abbreviation: string;
  curp_code: string;
  zone: Zone;
  capital: string;
  centroid: { lat: number; lon: number };
}

/** CURP birth-state code for persons born abroad (nacido en el extranjero). */
export const CURP_FOREIGN = 'NE';

/** The 32 entidades in INEGI order. */
export const ENTIDADES: Entidad[] = [
  { code: '01', name: 'Aguascalientes', short_name: 'Aguascalientes', abbreviation: 'Ags.', curp_code: 'AS', zone: 'Occidente', capital: 'Aguascalientes', centroid: { lat: 22.0, lon: -102.36 } },
  { code: '02', name: 'Baja California', short_name: 'Baja California', abbreviation: 'BC', curp_code: 'BC', zone: 'Noroeste', capital: 'Mexicali', centroid: { lat: 30.6, lon: -115.4 } },
  { code: '03', name: 'Baja California Sur', short_name: 'Baja California Sur', abbreviation: 'BCS', curp_code: 'BS', zone: 'Noroeste', capital: 'La Paz', centroid: { lat: 25.9, lon: -111.8 } },
  { code: '04', name: 'Campeche', short_name: 'Campeche', abbreviation: 'Camp.', curp_code: 'CC', zone: 'Sureste', capital: 'San Francisco de Campeche', centroid: { lat: 18.9, lon: -90.4 } },
  { code: '05', name: 'Coahuila de Zaragoza', short_name: 'Coahuila', abbreviation: 'Coah.', curp_code: 'CL', zone: 'Noreste', capital: 'Saltillo', centroid: { lat: 27.3, lon: -102.0 } },
  { code: '06', name: 'Colima', short_name: 'Colima', abbreviation: 'Col.', curp_code: 'CM', zone: 'Occidente', capital: 'Colima', centroid: { lat: 19.1, lon: -104.0 } },
  { code: '07', name: 'Chiapas', short_name: 'Chiapas', abbreviation: 'Chis.', curp_code: 'CS', zone: 'Sureste', capital: 'Tuxtla Gutiérrez', centroid: { lat: 16.5, lon: -92.5 } },
  { code: '08', name: 'Chihuahua', short_name: 'Chihuahua', abbreviation: 'Chih.', curp_code: 'CH', zone: 'Noroeste', capital: 'Chihuahua', centroid: { lat: 28.8, lon: -106.1 } },
  { code: '09', name: 'Ciudad de México', short_name: 'Ciudad de México', abbreviation: 'CDMX', curp_code: 'DF', zone: 'Centro', capital: 'Ciudad de México', centroid: { lat: 19.3, lon: -99.15 } },
  { code: '10', name: 'Durango', short_name: 'Durango', abbreviation: 'Dgo.', curp_code: 'DG', zone: 'Noreste', capital: 'Victoria de Durango', centroid: { lat: 24.9, lon: -104.9 } },
  { code: '11', name: 'Guanajuato', short_name: 'Guanajuato', abbreviation: 'Gto.', curp_code: 'GT', zone: 'Occidente', capital: 'Guanajuato', centroid: { lat: 20.9, lon: -101.0 } },
  { code: '12', name: 'Guerrero', short_name: 'Guerrero', abbreviation: 'Gro.', curp_code: 'GR', zone: 'Centro', capital: 'Chilpancingo de los Bravo', centroid: { lat: 17.6, lon: -99.9 } },
  { code: '13', name: 'Hidalgo', short_name: 'Hidalgo', abbreviation: 'Hgo.', curp_code: 'HG', zone: 'Centro', capital: 'Pachuca de Soto', centroid: { lat: 20.5, lon: -98.9 } },
  { code: '14', name: 'Jalisco', short_name: 'Jalisco', abbreviation: 'Jal.', curp_code: 'JC', zone: 'Occidente', capital: 'Guadalajara', centroid: { lat: 20.5, lon: -103.6 } },
  { code: '15', name: 'México', short_name: 'Estado de México', abbreviation: 'Mex.', curp_code: 'MC', zone: 'Centro', capital: 'Toluca de Lerdo', centroid: { lat: 19.35, lon: -99.6 } },
  { code: '16', name: 'Michoacán de Ocampo', short_name: 'Michoacán', abbreviation: 'Mich.', curp_code: 'MN', zone: 'Occidente', capital: 'Morelia', centroid: { lat: 19.2, lon: -101.9 } },
  { code: '17', name: 'Morelos', short_name: 'Morelos', abbreviation: 'Mor.', curp_code: 'MS', zone: 'Centro', capital: 'Cuernavaca', centroid: { lat: 18.75, lon: -99.07 } },
  { code: '18', name: 'Nayarit', short_name: 'Nayarit', abbreviation: 'Nay.', curp_code: 'NT', zone: 'Occidente', capital: 'Tepic', centroid: { lat: 21.85, lon: -104.85 } },
  { code: '19', name: 'Nuevo León', short_name: 'Nuevo León', abbreviation: 'NL', curp_code: 'NL', zone: 'Noreste', capital: 'Monterrey', centroid: { lat: 25.6, lon: -99.8 } },
  { code: '20', name: 'Oaxaca', short_name: 'Oaxaca', abbreviation: 'Oax.', curp_code: 'OC', zone: 'Sureste', capital: 'Oaxaca de Juárez', centroid: { lat: 17.0, lon: -96.4 } },
  { code: '21', name: 'Puebla', short_name: 'Puebla', abbreviation: 'Pue.', curp_code: 'PL', zone: 'Centro', capital: 'Heroica Puebla de Zaragoza', centroid: { lat: 19.0, lon: -97.9 } },
  { code: '22', name: 'Querétaro', short_name: 'Querétaro', abbreviation: 'Qro.', curp_code: 'QT', zone: 'Occidente', capital: 'Santiago de Querétaro', centroid: { lat: 20.85, lon: -99.85 } },
  { code: '23', name: 'Quintana Roo', short_name: 'Quintana Roo', abbreviation: 'Q. Roo', curp_code: 'QR', zone: 'Sureste', capital: 'Chetumal', centroid: { lat: 19.6, lon: -88.0 } },
  { code: '24', name: 'San Luis Potosí', short_name: 'San Luis Potosí', abbreviation: 'SLP', curp_code: 'SP', zone: 'Noreste', capital: 'San Luis Potosí', centroid: { lat: 22.6, lon: -100.4 } },
  { code: '25', name: 'Sinaloa', short_name: 'Sinaloa', abbreviation: 'Sin.', curp_code: 'SL', zone: 'Noroeste', capital: 'Culiacán Rosales', centroid: { lat: 25.0, lon: -107.5 } },
  { code: '26', name: 'Sonora', short_name: 'Sonora', abbreviation: 'Son.', curp_code: 'SR', zone: 'Noroeste', capital: 'Hermosillo', centroid: { lat: 29.7, lon: -110.8 } },
  { code: '27', name: 'Tabasco', short_name: 'Tabasco', abbreviation: 'Tab.', curp_code: 'TC', zone: 'Sureste', capital: 'Villahermosa', centroid: { lat: 17.95, lon: -92.6 } },
  { code: '28', name: 'Tamaulipas', short_name: 'Tamaulipas', abbreviation: 'Tamps.', curp_code: 'TS', zone: 'Noreste', capital: 'Ciudad Victoria', centroid: { lat: 24.3, lon: -98.6 } },
  { code: '29', name: 'Tlaxcala', short_name: 'Tlaxcala', abbreviation: 'Tlax.', curp_code: 'TL', zone: 'Centro', capital: 'Tlaxcala de Xicohténcatl', centroid: { lat: 19.4, lon: -98.15 } },
  { code: '30', name: 'Veracruz de Ignacio de la Llave', short_name: 'Veracruz', abbreviation: 'Ver.', curp_code: 'VZ', zone: 'Sureste', capital: 'Xalapa-Enríquez', centroid: { lat: 19.4, lon: -96.5 } },
  { code: '31', name: 'Yucatán', short_name: 'Yucatán', abbreviation: 'Yuc.', curp_code: 'YN', zone: 'Sureste', capital: 'Mérida', centroid: { lat: 20.7, lon: -89.0 } },
  { code: '32', name: 'Zacatecas', short_name: 'Zacatecas', abbreviation: 'Zac.', curp_code: 'ZS', zone: 'Occidente', capital: 'Zacatecas', centroid: { lat: 23.3, lon: -102.7 } },
];
