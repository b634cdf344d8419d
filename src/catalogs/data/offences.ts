/**
 * Sereno's working catalogue of offences for the Registro Nacional de Detenciones — NOT an official catalogue.
 * Delitos are grouped by bien jurídico afectado following the SESNSP "Instrumento para el Registro, Clasificación y
 * Reporte de los Delitos y las Víctimas CNSP/38/15"; codes are Sereno's own and stable. Faltas administrativas are
 * the common ones of municipal bandos de policía y buen gobierno and the Ley de Cultura Cívica de la Ciudad de México.
 * `extended_retention`: the Ministerio Público may retain up to 96 h (delincuencia organizada, Constitución art. 16).
 * `prision_preventiva_oficiosa`: listed in Constitución art. 19 (list as reformed 2019/2024 — confirm before relying).
 */
export interface Offence {
  code: string;
  kind: 'delito' | 'falta';
  name_es: string;
  name_en: string;
  category: string;
  fuero: 'comun' | 'federal' | null;
  extended_retention?: boolean;
  prision_preventiva_oficiosa?: boolean;
}

const d = (code: string, category: string, name_es: string, name_en: string, fuero: 'comun' | 'federal' = 'comun', flags: Partial<Offence> = {}): Offence =>
  ({ code, kind: 'delito', category, name_es, name_en, fuero, ...flags });
const f = (code: string, name_es: string, name_en: string): Offence => ({ code, kind: 'falta', category: 'Faltas administrativas', name_es, name_en, fuero: null });

const VIDA = 'La vida y la integridad corporal';
const LIB = 'La libertad personal';
const SEX = 'La libertad y la seguridad sexual';
const PAT = 'El patrimonio';
const FAM = 'La familia';
const SOC = 'La sociedad';
const OTROS = 'Otros bienes jurídicos afectados';
const PPO = { prision_preventiva_oficiosa: true };

export const OFFENCES: Offence[] = [
  d('D-VID-HOM-DOL', VIDA, 'Homicidio doloso', 'Intentional homicide', 'comun', PPO),
  d('D-VID-HOM-CUL', VIDA, 'Homicidio culposo', 'Negligent homicide'),
  d('D-VID-FEM', VIDA, 'Feminicidio', 'Femicide', 'comun', PPO),
  d('D-VID-LES-DOL', VIDA, 'Lesiones dolosas', 'Intentional injury'),
  d('D-VID-LES-CUL', VIDA, 'Lesiones culposas', 'Negligent injury'),
  d('D-VID-ABO', VIDA, 'Aborto', 'Abortion'),
  d('D-LIB-SEC', LIB, 'Secuestro', 'Kidnapping', 'comun', PPO),
  d('D-LIB-TRA-MEN', LIB, 'Tráfico de menores', 'Child trafficking'),
  d('D-LIB-RAP', LIB, 'Rapto', 'Abduction'),
  d('D-LIB-DES', LIB, 'Desaparición forzada de personas', 'Enforced disappearance', 'comun', PPO),
  d('D-LIB-OTR', LIB, 'Otro delito que atenta contra la libertad personal', 'Other offence against personal liberty'),
  d('D-SEX-ABU', SEX, 'Abuso sexual', 'Sexual abuse'),
  d('D-SEX-ACO', SEX, 'Acoso sexual', 'Sexual harassment'),
  d('D-SEX-HOS', SEX, 'Hostigamiento sexual', 'Sexual harassment at work'),
  d('D-SEX-VIO', SEX, 'Violación', 'Rape', 'comun', PPO),
  d('D-SEX-OTR', SEX, 'Otro delito que atenta contra la libertad y la seguridad sexual', 'Other sexual offence'),
  d('D-PAT-ROB-CAS', PAT, 'Robo a casa habitación', 'Burglary of a dwelling', 'comun', PPO),
  d('D-PAT-ROB-VEH', PAT, 'Robo de vehículo automotor', 'Motor vehicle theft', 'comun', PPO),
  d('D-PAT-ROB-AUT', PAT, 'Robo de autopartes', 'Theft of vehicle parts'),
  d('D-PAT-ROB-TRA', PAT, 'Robo a transportista', 'Robbery of a carrier', 'comun', PPO),
  d('D-PAT-ROB-TRN', PAT, 'Robo a transeúnte en vía pública', 'Street robbery'),
  d('D-PAT-ROB-TPU', PAT, 'Robo en transporte público', 'Robbery on public transport'),
  d('D-PAT-ROB-NEG', PAT, 'Robo a negocio', 'Robbery of a business'),
  d('D-PAT-ROB-INS', PAT, 'Robo a institución bancaria', 'Bank robbery'),
  d('D-PAT-ROB-OTR', PAT, 'Otros robos', 'Other theft'),
  d('D-PAT-FRA', PAT, 'Fraude', 'Fraud'),
  d('D-PAT-ABC', PAT, 'Abuso de confianza', 'Breach of trust'),
  d('D-PAT-EXT', PAT, 'Extorsión', 'Extortion', 'comun', PPO),
  d('D-PAT-DAN', PAT, 'Daño a la propiedad', 'Property damage'),
  d('D-PAT-DES', PAT, 'Despojo', 'Unlawful dispossession'),
  d('D-FAM-VIO', FAM, 'Violencia familiar', 'Domestic violence'),
  d('D-FAM-VGE', FAM, 'Violencia de género en todas sus modalidades distinta a la violencia familiar', 'Gender violence other than domestic'),
  d('D-FAM-INC', FAM, 'Incumplimiento de obligaciones de asistencia familiar', 'Failure to pay family support'),
  d('D-SOC-COR', SOC, 'Corrupción de menores', 'Corruption of minors', 'comun', PPO),
  d('D-SOC-TRA', SOC, 'Trata de personas', 'Human trafficking', 'comun', PPO),
  d('D-SOC-NAR', SOC, 'Narcomenudeo', 'Small-scale drug dealing', 'comun', PPO),
  d('D-OTR-AME', OTROS, 'Amenazas', 'Threats'),
  d('D-OTR-ALL', OTROS, 'Allanamiento de morada', 'Trespass into a dwelling'),
  d('D-OTR-EVA', OTROS, 'Evasión de presos', 'Prison escape'),
  d('D-OTR-FAL', OTROS, 'Falsedad', 'Forgery'),
  d('D-OTR-FAL-DOC', OTROS, 'Falsificación', 'Counterfeiting'),
  d('D-OTR-CMA', OTROS, 'Contra el medio ambiente', 'Environmental offence'),
  d('D-OTR-SPU', OTROS, 'Delitos cometidos por servidores públicos', 'Offences by public servants'),
  d('D-OTR-ELE', OTROS, 'Electorales', 'Electoral offences'),
  d('D-OTR-OTR', OTROS, 'Otros delitos del fuero común', 'Other state offences'),
  d('F-DEL-ARM-FUE', OTROS, 'Portación de arma de fuego de uso exclusivo del Ejército (LFAFE)', 'Carrying a military-use firearm', 'federal', PPO),
  d('F-DEL-ARM-POR', OTROS, 'Portación de arma de fuego sin licencia (LFAFE)', 'Carrying a firearm without licence', 'federal'),
  d('F-DEL-SAL', OTROS, 'Contra la salud (narcotráfico)', 'Drug trafficking', 'federal', PPO),
  d('F-DEL-DOR', OTROS, 'Delincuencia organizada', 'Organised crime', 'federal', { extended_retention: true, prision_preventiva_oficiosa: true }),
  d('F-DEL-HID', OTROS, 'Robo de hidrocarburos', 'Fuel theft', 'federal', PPO),
  d('F-DEL-OTR', OTROS, 'Otros delitos del fuero federal', 'Other federal offences', 'federal'),
  f('FA-ORD-PUB', 'Alterar el orden público', 'Disturbing public order'),
  f('FA-ALC-VIA', 'Ingerir bebidas alcohólicas en la vía pública', 'Drinking alcohol in public'),
  f('FA-ORI-VIA', 'Orinar o defecar en la vía pública', 'Urinating or defecating in public'),
  f('FA-AUT', 'Faltar al respeto o desobedecer a la autoridad', 'Disrespecting or disobeying the authority'),
  f('FA-RIN', 'Participar en riña', 'Taking part in a brawl'),
  f('FA-DAN-MEN', 'Daño menor a bienes ajenos', 'Minor damage to property'),
  f('FA-GRA', 'Grafiti o pintas sin autorización', 'Unauthorised graffiti'),
  f('FA-EBR-CON', 'Conducir en estado de ebriedad (sanción administrativa)', 'Drunk driving (administrative)'),
  f('FA-SUS-VIA', 'Consumir sustancias psicoactivas en la vía pública', 'Using drugs in public'),
  f('FA-RUI', 'Producir ruido excesivo', 'Excessive noise'),
  f('FA-ARM-BLA', 'Portar objetos que puedan usarse como armas sin justificación', 'Carrying objects usable as weapons'),
  f('FA-EXH', 'Exhibicionismo / actos contra la moral pública en la vía pública', 'Indecent exposure'),
  f('FA-OTR', 'Otra falta administrativa del bando municipal', 'Other administrative infraction'),
];
