/**
 * Catálogo Nacional de Incidentes de Emergencia (CNIE) of the 9-1-1 service — versioned, PARTIAL data.
 *
 * Source: SESNSP / Centro Nacional de Información, CNIE (first edition November 2015; current edition v3.0,
 * June 2024), mandatory by Council agreement 12/XXXVIII/15 — as summarised in DOMAIN.md. Nothing here has
 * been checked against the official PDF: every row has `confirmed: false`. The official catalogue is an
 * administrative document of the federal government; Sereno stores only the codes and names it needs to
 * classify calls, and the full catalogue should be loaded from the official file once obtained.
 *
 * Code structure: five digits — tipo (1 digit), subtipo (2), incidente (2); e.g. 70104 = tipo 7, subtipo 01,
 * incidente 04. A press report of the first edition (El Universal, 1 Dec 2015) counted 242 incidents:
 * 150 seguridad, 36 médicas, 30 protección civil, 18 servicios públicos, 8 improcedentes — which matches the
 * eight improcedent codes 70101–70108 below, and suggests tipos 5 and 6 came with a later edition (not confirmed).
 *
 * `CNIE_COMMON_INCIDENTS` lists incident NAMES commonly handled by 9-1-1 centres, grouped by tipo, WITHOUT
 * codes: Sereno's own hint list for mapping free text to a tipo, not part of the official catalogue.
 *
 * Licence: Sereno's own compilation, Apache-2.0 (the project licence).
 */

/** Editions Sereno knows of. 'pre-3.0' is the edition in force before June 2024 (its exact number is not confirmed). */
export const CNIE_EDITIONS = ['pre-3.0', '3.0'] as const;
export type CnieEdition = (typeof CNIE_EDITIONS)[number];

/** The edition a new incident is classified with. */
export const CNIE_CURRENT_EDITION: CnieEdition = '3.0';

/** A tipo (first digit of the code). */
export interface CnieTipo { tipo: number; name_es: string; name_en: string; confirmed: boolean }

/** One coded incident of one edition. */
export interface CnieIncident {
  edition: CnieEdition;
  /** Five digits, tipo + subtipo + incidente. */
  code: string;
  tipo: number;
  name_es: string;
  name_en: string;
  /** True only once checked against the official PDF of that edition. */
  confirmed: boolean;
  note?: string;
}

/** The seven tipos (DOMAIN.md; the same numbering is assumed for both editions). */
export const CNIE_TIPOS: CnieTipo[] = [
  { tipo: 1, name_es: 'Médico', name_en: 'Medical', confirmed: false },
  { tipo: 2, name_es: 'Protección Civil', name_en: 'Civil protection', confirmed: false },
  { tipo: 3, name_es: 'Seguridad', name_en: 'Security', confirmed: false },
  { tipo: 4, name_es: 'Servicios Públicos', name_en: 'Public services', confirmed: false },
  { tipo: 5, name_es: 'Asistencia', name_en: 'Assistance', confirmed: false },
  { tipo: 6, name_es: 'Otros Servicios', name_en: 'Other services', confirmed: false },
  { tipo: 7, name_es: 'Improcedentes / Mal uso del servicio', name_en: 'Improper calls / misuse of the service', confirmed: false },
];

const inc = (edition: CnieEdition, code: string, name_es: string, name_en: string, note?: string): CnieIncident =>
  ({ edition, code, tipo: Number(code[0]), name_es, name_en, confirmed: false, ...(note ? { note } : {}) });

/** The coded incidents Sereno knows of: the improcedent calls of both editions (DOMAIN.md). */
export const CNIE_INCIDENTS: CnieIncident[] = [
  inc('pre-3.0', '70101', 'Llamada de broma (niños)', 'Prank call by children'),
  inc('pre-3.0', '70102', 'Llamada de prueba', 'Test call'),
  inc('pre-3.0', '70103', 'Llamada incompleta', 'Incomplete call'),
  inc('pre-3.0', '70104', 'Llamada muda', 'Silent call'),
  inc('pre-3.0', '70105', 'Llamada de transferencia', 'Transfer call'),
  inc('pre-3.0', '70106', 'Llamada de insultos u obscena', 'Abusive or obscene call'),
  inc('pre-3.0', '70107', 'Llamada de jóvenes o adultos jugando', 'Prank call by young people or adults'),
  inc('pre-3.0', '70108', 'Otras llamadas improcedentes', 'Other improper calls'),
  inc('3.0', '70101', 'Llamada de broma (niños)', 'Prank call by children', 'Kept from the earlier edition'),
  inc('3.0', '70104', 'Llamada muda', 'Silent call', 'Kept from the earlier edition'),
  inc('3.0', '70106', 'Llamada de insultos u obscena', 'Abusive or obscene call', 'Kept from the earlier edition'),
  inc('3.0', '70107', 'Llamada de jóvenes o adultos jugando', 'Prank call by young people or adults', 'Kept from the earlier edition'),
  inc('3.0', '70109', 'Llamada colgada', 'Hang-up call', 'New in v3.0'),
];

/**
 * How v3.0 re-homed the earlier improcedent codes: prueba, incompleta, transferencia and información moved
 * to tipo 6, subtipo 02 "Gestión del servicio" (codes 6020x — the exact last digit of each is not known).
 * What became of 70108 "otras" is not known.
 */
export const CNIE_V3_MOVED_TO_GESTION_DEL_SERVICIO = [
  { from: '70102', name_es: 'Llamada de prueba', to_prefix: '6020', confirmed: false },
  { from: '70103', name_es: 'Llamada incompleta', to_prefix: '6020', confirmed: false },
  { from: '70105', name_es: 'Llamada de transferencia', to_prefix: '6020', confirmed: false },
  { from: null, name_es: 'Solicitud de información', to_prefix: '6020', confirmed: false },
] as const;

/** Incident names commonly handled by 9-1-1 centres, by tipo — Sereno's uncoded hint list (see header). */
export const CNIE_COMMON_INCIDENTS: Record<number, string[]> = {
  1: ['Accidente de tránsito con lesionados', 'Persona inconsciente', 'Paro cardiorrespiratorio', 'Dificultad respiratoria', 'Convulsiones', 'Trabajo de parto', 'Intoxicación', 'Persona lesionada por arma de fuego', 'Persona lesionada por arma blanca', 'Caída', 'Quemaduras'],
  2: ['Incendio de casa habitación', 'Incendio de vehículo', 'Incendio de pastizal o forestal', 'Fuga de gas', 'Inundación', 'Árbol caído', 'Cables de energía caídos', 'Enjambre de abejas', 'Derrame de sustancias peligrosas', 'Persona atrapada', 'Explosión'],
  3: ['Robo a casa habitación', 'Robo de vehículo', 'Robo a transeúnte', 'Robo a negocio', 'Riña', 'Disparos de arma de fuego', 'Persona armada', 'Violencia familiar', 'Extorsión telefónica', 'Secuestro virtual', 'Persona sospechosa', 'Alteración del orden público', 'Persona agresiva', 'Detención ciudadana', 'Abuso sexual', 'Amenazas'],
  4: ['Fuga de agua', 'Falta de alumbrado público', 'Semáforo descompuesto', 'Vehículo abandonado', 'Animal muerto en la vía pública', 'Socavón o bache'],
  5: ['Persona extraviada o ausente', 'Persona en situación de calle que requiere apoyo', 'Crisis emocional o conducta suicida', 'Animal en riesgo'],
  6: ['Solicitud de información', 'Queja contra servidor público', 'Llamada de seguimiento de un incidente'],
  7: ['Llamada de broma', 'Llamada muda', 'Llamada de insultos', 'Llamada colgada'],
};
