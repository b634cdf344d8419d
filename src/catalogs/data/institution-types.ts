/** Kinds of institution that use Sereno. */
export interface InstitutionType { code: string; name_es: string; name_en: string }

export const INSTITUTION_TYPES: InstitutionType[] = [
  { code: 'security_secretariat', name_es: 'Secretaría de Seguridad Pública estatal', name_en: 'State public security secretariat' },
  { code: 'c5', name_es: 'Centro C4/C5', name_en: 'C4/C5 command centre' },
  { code: 'prosecutor', name_es: 'Fiscalía General del Estado', name_en: 'State prosecutor' },
  { code: 'penitentiary', name_es: 'Sistema Penitenciario', name_en: 'Penitentiary system' },
  { code: 'cyber_police', name_es: 'Policía Cibernética', name_en: 'Cyber police' },
  { code: 'municipal_police', name_es: 'Policía Municipal', name_en: 'Municipal police' },
  { code: 'state_police', name_es: 'Policía Estatal', name_en: 'State police' },
  { code: 'civic_court', name_es: 'Juzgado Cívico', name_en: 'Civic court' },
  { code: 'conference_secretariat', name_es: 'Secretaría Técnica de la Conferencia Nacional', name_en: 'Technical secretariat of the National Conference' },
  { code: 'sesnsp', name_es: 'Secretariado Ejecutivo del SNSP', name_en: 'Executive Secretariat of the SNSP' },
  { code: 'national_guard', name_es: 'Guardia Nacional', name_en: 'National Guard' },
  { code: 'trust_control', name_es: 'Centro de Evaluación y Control de Confianza', name_en: 'Trust-control evaluation centre' },
  { code: 'anonymous_tips', name_es: 'Centro de Denuncia Anónima 089', name_en: '089 anonymous tips centre' },
  { code: 'other', name_es: 'Otra', name_en: 'Other' },
];
