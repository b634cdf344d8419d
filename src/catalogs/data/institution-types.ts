/**
 * Kinds of institution that use Sereno. Sereno's own working list (Apache-2.0, the project licence), built
 * from the institutions named in DOMAIN.md and the Conference's seeds; the Spanish names are the usual
 * generic designations, not the legal name of any one state's body (each state names its own).
 * Codes are stable: institutions and users reference them.
 */
export interface InstitutionType { code: string; name_es: string; name_en: string }

/** The institution types, in no particular order (the API sorts by name). */
export const INSTITUTION_TYPES: InstitutionType[] = [
  { code: 'security_secretariat', name_es: 'Secretaría de Seguridad Pública estatal', name_en: 'State public security secretariat' },
  { code: 'c5', name_es: 'Centro C2/C4/C5', name_en: 'C2/C4/C5 command and control centre' },
  { code: 'prosecutor', name_es: 'Fiscalía General del Estado / Procuraduría', name_en: "State prosecutor's office" },
  { code: 'penitentiary', name_es: 'Sistema Penitenciario', name_en: 'Penitentiary system' },
  { code: 'cyber_police', name_es: 'Policía Cibernética', name_en: 'Cyber police' },
  { code: 'municipal_police', name_es: 'Policía Municipal', name_en: 'Municipal police' },
  { code: 'state_police', name_es: 'Policía Estatal', name_en: 'State police' },
  { code: 'civic_court', name_es: 'Juzgado Cívico', name_en: 'Civic court' },
  { code: 'conference_secretariat', name_es: 'Secretaría Técnica de la Conferencia Nacional', name_en: 'Technical secretariat of the National Conference' },
  { code: 'sesnsp', name_es: 'Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)', name_en: 'Executive Secretariat of the National Public Security System (SESNSP)' },
  { code: 'national_guard', name_es: 'Guardia Nacional', name_en: 'National Guard' },
  { code: 'trust_control', name_es: 'Centro Estatal de Evaluación y Control de Confianza', name_en: 'State trust-control evaluation centre' },
  { code: 'anonymous_tips', name_es: 'Centro de Atención de Denuncia Anónima 089', name_en: '089 anonymous tip line centre' },
  { code: 'other', name_es: 'Otra', name_en: 'Other' },
];
