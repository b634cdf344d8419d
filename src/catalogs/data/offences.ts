/**
 * Sereno's WORKING catalogue of offences for the Registro Nacional de Detenciones. It is NOT an official
 * catalogue: neither the Ley Nacional del Registro de Detenciones nor its Lineamientos publish one, and each
 * state's penal code and bando names its own conducts. Codes are Sereno's own and stable (stored on every
 * detention): never renumber, only add, or retire by setting `active = false` in the database.
 *
 * Where each grouping comes from:
 * - `D-…` delitos del fuero común: bien jurídico afectado → tipo → subtipo as in the SESNSP "Instrumento para
 *   el Registro, Clasificación y Reporte de los Delitos y las Víctimas CNSP/38/15" (the 2018 "nueva
 *   metodología" of incidencia delictiva), reproduced from memory of its published tables — names not
 *   checked line by line against the instrument. A few subtipos that police detentions need and the
 *   instrument folds into "Otros…" (e.g. portación de arma prohibida) are Sereno's additions, marked
 *   `source: 'sereno'`. Narcomenudeo sits under "Otros bienes jurídicos afectados" as in the instrument;
 *   its code keeps the historical `D-SOC-` prefix.
 * - `F-DEL-…` delitos del fuero federal: not part of CNSP/38/15 (a fuero común instrument); Sereno's grouping
 *   by federal law (Ley Federal de Armas de Fuego y Explosivos, Código Penal Federal, Ley Federal contra la
 *   Delincuencia Organizada…).
 * - `FA-…` faltas administrativas: conducts common to municipal bandos de policía y buen gobierno and the
 *   Ley de Cultura Cívica de la Ciudad de México, in Sereno's own wording (article numbers not cited).
 *   Status-based "faltas" (vagancia, mendicidad, apariencia, trabajo sexual as such) are deliberately absent.
 *   (The `FA-` prefix predates this file; `F-` was already taken by the federal delitos above.)
 *
 * Flags:
 * - `extended_retention`: the Ministerio Público may retain up to 96 h instead of 48 h — delincuencia
 *   organizada only (Constitución art. 16).
 * - `prision_preventiva_oficiosa`: the conduct is in the list of Constitución art. 19, párrafo segundo, as
 *   reformed in 2019 (DOF 12-04-2019) and 2024 (DOF 31-12-2024: extorsión, fentanilo/drogas sintéticas,
 *   contrabando, comprobantes fiscales falsos; narcomenudeo and defraudación fiscal left out — known from press
 *   reports of the decree, not from the DOF text). Where the list applies only in some cases (e.g. abuso
 *   sexual only against minors) the flag is false and `confirm` says when. Any entry with `confirm` must be
 *   checked against the official text before the flag drives a decision.
 *
 * Licence: Sereno's own compilation, Apache-2.0 (the project licence).
 */
export interface Offence {
  code: string;
  kind: 'delito' | 'falta';
  name_es: string;
  name_en: string;
  /** Bien jurídico afectado (delitos), "Fuero federal", or "Faltas administrativas". */
  category: string;
  /** Tipo within the bien jurídico (CNSP/38/15 wording for fuero común delitos); null for faltas. */
  tipo: string | null;
  /** Subtipo, when the tipo has them; null otherwise. */
  subtipo: string | null;
  fuero: 'comun' | 'federal' | null;
  extended_retention?: boolean;
  prision_preventiva_oficiosa?: boolean;
  /** What must be confirmed against the official text (flags, grouping), or when a flag applies only in part. */
  confirm?: string;
  /** Where the entry's grouping comes from (see the header). */
  source: 'cnsp-38-15' | 'sereno' | 'federal-law' | 'civica';
}

/** Bienes jurídicos of CNSP/38/15 (fuero común), then Sereno's two extra groups. */
export const VIDA = 'La vida y la integridad corporal';
export const LIB = 'La libertad personal';
export const SEX = 'La libertad y la seguridad sexual';
export const PAT = 'El patrimonio';
export const FAM = 'La familia';
export const SOC = 'La sociedad';
export const OTROS = 'Otros bienes jurídicos afectados';
export const FEDERAL = 'Fuero federal';
export const FALTAS = 'Faltas administrativas';

/** Categories in display order. */
export const OFFENCE_CATEGORIES = [VIDA, LIB, SEX, PAT, FAM, SOC, OTROS, FEDERAL, FALTAS] as const;

type Extra = Partial<Pick<Offence, 'extended_retention' | 'prision_preventiva_oficiosa' | 'confirm' | 'source'>>;

const PPO = { prision_preventiva_oficiosa: true } as const;
const ART19_2024 = 'added to art. 19 by the reform published DOF 31-12-2024 (known from press reports; confirm against the DOF text)';

/** A fuero común delito grouped as in CNSP/38/15. */
const d = (code: string, category: string, tipo: string, subtipo: string | null, name_es: string, name_en: string, extra: Extra = {}): Offence =>
  ({ code, kind: 'delito', category, tipo, subtipo, name_es, name_en, fuero: 'comun', source: 'cnsp-38-15', ...extra });
/** A federal delito (Sereno's grouping by federal law). */
const fed = (code: string, tipo: string, name_es: string, name_en: string, extra: Extra = {}): Offence =>
  ({ code, kind: 'delito', category: FEDERAL, tipo, subtipo: null, name_es, name_en, fuero: 'federal', source: 'federal-law', ...extra });
/** A falta administrativa. */
const f = (code: string, name_es: string, name_en: string): Offence =>
  ({ code, kind: 'falta', category: FALTAS, tipo: null, subtipo: null, name_es, name_en, fuero: null, source: 'civica' });

const HOM = 'Homicidio';
const LES = 'Lesiones';
const ROBO = 'Robo';
const OTR_VIDA = 'Otros delitos que atentan contra la vida y la integridad corporal';
const OTR_LIB = 'Otros delitos que atentan contra la libertad personal';
const OTR_SEX = 'Otros delitos que atentan contra la libertad y la seguridad sexual';
const OTR_COMUN = 'Otros delitos del fuero común';

/** The catalogue. Order: category, then tipo, then subtipo. */
export const OFFENCES: Offence[] = [
  // La vida y la integridad corporal
  d('D-VID-HOM-DOL', VIDA, HOM, 'Homicidio doloso', 'Homicidio doloso', 'Intentional homicide', PPO),
  d('D-VID-HOM-CUL', VIDA, HOM, 'Homicidio culposo', 'Homicidio culposo', 'Negligent homicide'),
  d('D-VID-LES-DOL', VIDA, LES, 'Lesiones dolosas', 'Lesiones dolosas', 'Intentional injury'),
  d('D-VID-LES-CUL', VIDA, LES, 'Lesiones culposas', 'Lesiones culposas', 'Negligent injury'),
  d('D-VID-FEM', VIDA, 'Feminicidio', null, 'Feminicidio', 'Femicide', PPO),
  d('D-VID-ABO', VIDA, 'Aborto', null, 'Aborto', 'Abortion', {
    confirm: 'The Supreme Court (2021) held absolute criminalisation unconstitutional and several states have decriminalised; check the local penal code before use',
  }),
  d('D-VID-OTR', VIDA, OTR_VIDA, null, OTR_VIDA, 'Other offence against life and bodily integrity'),

  // La libertad personal
  d('D-LIB-SEC', LIB, 'Secuestro', null, 'Secuestro', 'Kidnapping', PPO),
  d('D-LIB-TRA-MEN', LIB, 'Tráfico de menores', null, 'Tráfico de menores', 'Child trafficking'),
  d('D-LIB-RAP', LIB, 'Rapto', null, 'Rapto', 'Abduction'),
  d('D-LIB-DES', LIB, OTR_LIB, 'Desaparición de personas', 'Desaparición forzada de personas o cometida por particulares', 'Enforced disappearance or disappearance by private persons', {
    ...PPO, source: 'sereno',
    confirm: 'Competence under the Ley General en Materia de Desaparición is concurrent (state or federal); CNSP/38/15 has no separate line for it',
  }),
  d('D-LIB-PRI', LIB, OTR_LIB, 'Privación de la libertad personal', 'Privación ilegal de la libertad personal', 'Unlawful deprivation of liberty', { source: 'sereno' }),
  d('D-LIB-OTR', LIB, OTR_LIB, null, OTR_LIB, 'Other offence against personal liberty'),

  // La libertad y la seguridad sexual
  d('D-SEX-ABU', SEX, 'Abuso sexual', null, 'Abuso sexual', 'Sexual abuse', {
    confirm: 'Art. 19 makes prisión preventiva oficiosa apply to "abuso o violencia sexual contra menores" only: oficiosa when the victim is a minor',
  }),
  d('D-SEX-ACO', SEX, 'Acoso sexual', null, 'Acoso sexual', 'Sexual harassment'),
  d('D-SEX-HOS', SEX, 'Hostigamiento sexual', null, 'Hostigamiento sexual', 'Sexual harassment by a superior'),
  d('D-SEX-VIO', SEX, 'Violación', null, 'Violación (simple o equiparada)', 'Rape', PPO),
  d('D-SEX-INC', SEX, 'Incesto', null, 'Incesto', 'Incest'),
  d('D-SEX-OTR', SEX, OTR_SEX, null, OTR_SEX, 'Other sexual offence'),

  // El patrimonio
  d('D-PAT-ROB-CAS', PAT, ROBO, 'Robo a casa habitación', 'Robo a casa habitación', 'Burglary of a dwelling', PPO),
  d('D-PAT-ROB-VEH', PAT, ROBO, 'Robo de vehículo automotor', 'Robo de vehículo automotor', 'Motor vehicle theft', {
    confirm: 'Not in the art. 19 list by itself; oficiosa only if it falls under "delitos cometidos con medios violentos como armas y explosivos" or state law — confirm',
  }),
  d('D-PAT-ROB-AUT', PAT, ROBO, 'Robo de autopartes', 'Robo de autopartes', 'Theft of vehicle parts'),
  d('D-PAT-ROB-TRA', PAT, ROBO, 'Robo a transportista', 'Robo a transportista', 'Robbery of a goods carrier', {
    ...PPO, confirm: 'Art. 19 lists "robo al transporte de carga en cualquiera de sus modalidades"; a robbery of a carrier without cargo may not qualify',
  }),
  d('D-PAT-ROB-TRN', PAT, ROBO, 'Robo a transeúnte en vía pública', 'Robo a transeúnte en vía pública', 'Street robbery'),
  d('D-PAT-ROB-TRE', PAT, ROBO, 'Robo a transeúnte en espacio abierto al público', 'Robo a transeúnte en espacio abierto al público', 'Robbery of a pedestrian in a space open to the public'),
  d('D-PAT-ROB-TPI', PAT, ROBO, 'Robo en transporte público individual', 'Robo en transporte público individual', 'Robbery in a taxi or other individual public transport'),
  d('D-PAT-ROB-TPU', PAT, ROBO, 'Robo en transporte público colectivo', 'Robo en transporte público colectivo', 'Robbery on collective public transport'),
  d('D-PAT-ROB-TIN', PAT, ROBO, 'Robo en transporte individual', 'Robo en transporte individual', 'Robbery in a private vehicle'),
  d('D-PAT-ROB-INS', PAT, ROBO, 'Robo a institución bancaria', 'Robo a institución bancaria', 'Bank robbery'),
  d('D-PAT-ROB-NEG', PAT, ROBO, 'Robo a negocio', 'Robo a negocio', 'Robbery of a business'),
  d('D-PAT-ROB-GAN', PAT, ROBO, 'Robo de ganado', 'Robo de ganado (abigeato)', 'Cattle rustling'),
  d('D-PAT-ROB-MAQ', PAT, ROBO, 'Robo de maquinaria', 'Robo de maquinaria', 'Theft of machinery'),
  d('D-PAT-ROB-OTR', PAT, ROBO, 'Otros robos', 'Otros robos', 'Other theft'),
  d('D-PAT-FRA', PAT, 'Fraude', null, 'Fraude', 'Fraud'),
  d('D-PAT-ABC', PAT, 'Abuso de confianza', null, 'Abuso de confianza', 'Breach of trust'),
  d('D-PAT-EXT', PAT, 'Extorsión', null, 'Extorsión', 'Extortion', { ...PPO, confirm: ART19_2024 }),
  d('D-PAT-DAN', PAT, 'Daño a la propiedad', null, 'Daño a la propiedad', 'Property damage'),
  d('D-PAT-DES', PAT, 'Despojo', null, 'Despojo', 'Unlawful dispossession'),
  d('D-PAT-OTR', PAT, 'Otros delitos contra el patrimonio', null, 'Otros delitos contra el patrimonio', 'Other offence against property'),

  // La familia
  d('D-FAM-VIO', FAM, 'Violencia familiar', null, 'Violencia familiar', 'Domestic violence'),
  d('D-FAM-VGE', FAM, 'Violencia de género en todas sus modalidades distinta a la violencia familiar', null, 'Violencia de género en todas sus modalidades distinta a la violencia familiar', 'Gender-based violence other than domestic'),
  d('D-FAM-INC', FAM, 'Incumplimiento de obligaciones de asistencia familiar', null, 'Incumplimiento de obligaciones de asistencia familiar', 'Failure to pay family support'),
  d('D-FAM-OTR', FAM, 'Otros delitos contra la familia', null, 'Otros delitos contra la familia', 'Other offence against the family'),

  // La sociedad
  d('D-SOC-COR', SOC, 'Corrupción de menores', null, 'Corrupción de menores', 'Corruption of minors', {
    ...PPO, confirm: 'Art. 19 covers "delitos graves que determine la ley contra el libre desarrollo de la personalidad": depends on the CNPP/state law listing',
  }),
  d('D-SOC-TRA', SOC, 'Trata de personas', null, 'Trata de personas', 'Human trafficking', PPO),
  d('D-SOC-OTR', SOC, 'Otros delitos contra la sociedad', null, 'Otros delitos contra la sociedad', 'Other offence against society'),

  // Otros bienes jurídicos afectados (del fuero común)
  d('D-SOC-NAR', OTROS, 'Narcomenudeo', null, 'Narcomenudeo', 'Small-scale drug dealing', {
    confirm: 'Left out of the 2024 art. 19 reform (press reports); conducts involving fentanyl or synthetic drugs may fall under the new wording — confirm',
  }),
  d('D-OTR-AME', OTROS, 'Amenazas', null, 'Amenazas', 'Threats'),
  d('D-OTR-ALL', OTROS, 'Allanamiento de morada', null, 'Allanamiento de morada', 'Trespass into a dwelling'),
  d('D-OTR-EVA', OTROS, 'Evasión de presos', null, 'Evasión de presos', 'Prison escape'),
  d('D-OTR-FAL', OTROS, 'Falsedad', null, 'Falsedad', 'False statements'),
  d('D-OTR-FAL-DOC', OTROS, 'Falsificación', null, 'Falsificación', 'Forgery'),
  d('D-OTR-CMA', OTROS, 'Contra el medio ambiente', null, 'Contra el medio ambiente', 'Environmental offence'),
  d('D-OTR-SPU', OTROS, 'Delitos cometidos por servidores públicos', null, 'Delitos cometidos por servidores públicos', 'Offences by public servants', {
    confirm: 'Art. 19 makes enriquecimiento ilícito and ejercicio abusivo de funciones oficiosa; the others are not',
  }),
  d('D-OTR-ELE', OTROS, 'Electorales', null, 'Delitos electorales', 'Electoral offences', {
    confirm: 'Art. 19 makes "uso de programas sociales con fines electorales" oficiosa; the others are not',
  }),
  d('D-OTR-ARM', OTROS, OTR_COMUN, 'Portación de arma prohibida', 'Portación de arma prohibida (código penal estatal)', 'Carrying a prohibited weapon (state penal code)', { source: 'sereno' }),
  d('D-OTR-RES', OTROS, OTR_COMUN, 'Desobediencia y resistencia de particulares', 'Desobediencia o resistencia de particulares', 'Disobedience or resistance to authority', { source: 'sereno' }),
  d('D-OTR-ENC', OTROS, OTR_COMUN, 'Encubrimiento', 'Encubrimiento por receptación', 'Handling stolen goods', { source: 'sereno' }),
  d('D-OTR-OTR', OTROS, OTR_COMUN, null, OTR_COMUN, 'Other state offences'),

  // Fuero federal (Sereno's grouping; not part of CNSP/38/15)
  fed('F-DEL-ARM-FUE', 'Armas de fuego (LFAFE)', 'Portación de arma de fuego de uso exclusivo del Ejército, Armada y Fuerza Aérea', 'Carrying a military-use firearm', PPO),
  fed('F-DEL-ARM-POR', 'Armas de fuego (LFAFE)', 'Portación de arma de fuego sin licencia', 'Carrying a firearm without a licence'),
  fed('F-DEL-ARM-ACO', 'Armas de fuego (LFAFE)', 'Acopio de armas', 'Stockpiling weapons', {
    ...PPO, confirm: 'Oficiosa as "delitos en materia de armas de fuego … de uso exclusivo" — confirm for arms of permitted use',
  }),
  fed('F-DEL-ARM-CAR', 'Armas de fuego (LFAFE)', 'Posesión de cartuchos', 'Possession of ammunition', {
    confirm: 'May be oficiosa when the cartridges are of exclusive military use — confirm',
  }),
  fed('F-DEL-ARM-TRA', 'Armas de fuego (LFAFE)', 'Introducción ilegal o tráfico de armas', 'Arms smuggling', {
    ...PPO, confirm: 'Oficiosa under the art. 19 wording on firearms — confirm the exact conducts',
  }),
  fed('F-DEL-SAL', 'Contra la salud (CPF)', 'Contra la salud (narcotráfico)', 'Drug trafficking', PPO),
  fed('F-DEL-DOR', 'Delincuencia organizada (LFDO)', 'Delincuencia organizada', 'Organised crime', { extended_retention: true, prision_preventiva_oficiosa: true }),
  fed('F-DEL-HID', 'Hidrocarburos', 'Delitos en materia de hidrocarburos (robo de combustible)', 'Fuel theft and other hydrocarbon offences', PPO),
  fed('F-DEL-MIG', 'Ley de Migración', 'Tráfico de personas migrantes', 'Migrant smuggling'),
  fed('F-DEL-ORP', 'Código Penal Federal', 'Operaciones con recursos de procedencia ilícita', 'Money laundering'),
  fed('F-DEL-OTR', 'Otros', 'Otros delitos del fuero federal', 'Other federal offences'),

  // Faltas administrativas
  f('FA-ORD-PUB', 'Alterar el orden público', 'Disturbing public order'),
  f('FA-ALC-VIA', 'Ingerir bebidas alcohólicas en la vía pública', 'Drinking alcohol in public'),
  f('FA-SUS-VIA', 'Consumir sustancias psicoactivas en la vía pública', 'Using drugs in public'),
  f('FA-ORI-VIA', 'Orinar o defecar en la vía pública', 'Urinating or defecating in public'),
  f('FA-AUT', 'Faltar al respeto o desobedecer a la autoridad', 'Disrespecting or disobeying the authority'),
  f('FA-RIN', 'Participar en riña', 'Taking part in a brawl'),
  f('FA-VEJ', 'Vejar o maltratar física o verbalmente a una persona', 'Insulting or roughing up a person'),
  f('FA-DAN-MEN', 'Dañar levemente bienes ajenos', 'Minor damage to property'),
  f('FA-GRA', 'Grafiti o pintas sin autorización', 'Unauthorised graffiti'),
  f('FA-EBR-CON', 'Conducir en estado de ebriedad (sanción administrativa)', 'Drunk driving (administrative)'),
  f('FA-RUI', 'Producir ruido que altere la tranquilidad de las personas', 'Excessive noise'),
  f('FA-ARM-BLA', 'Portar objetos que puedan usarse como armas sin justificación', 'Carrying objects usable as weapons'),
  f('FA-EXH', 'Realizar actos sexuales o exhibicionistas en la vía pública', 'Sexual acts or indecent exposure in public'),
  f('FA-OBS-VIA', 'Impedir o estorbar el uso de la vía pública sin autorización', 'Obstructing a public way'),
  f('FA-BAS', 'Arrojar basura o desechos en la vía pública', 'Littering'),
  f('FA-PIR', 'Detonar cohetes o fuegos artificiales sin permiso', 'Setting off fireworks without a permit'),
  f('FA-LLA-FAL', 'Hacer llamadas falsas o de broma a los números de emergencia', 'False or prank calls to emergency numbers'),
  f('FA-ACC', 'Ingresar sin autorización a zonas de acceso restringido en lugares públicos', 'Entering restricted areas of public places'),
  f('FA-OTR', 'Otra falta administrativa del bando municipal', 'Other administrative infraction'),
];
