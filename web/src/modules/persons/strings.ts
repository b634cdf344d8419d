/** The person-search module's interface strings, Spanish first. */
export const es = {
  ps: {
    nav: { search: 'Búsqueda de personas' },
    desc: { search: 'Una persona en todos los registros que usted puede consultar, con explicación de cada coincidencia.' },
    title: 'Búsqueda de personas', intro: 'Busca en todos los registros de su territorio (detenciones y los que se agreguen). Tolera acentos, apodos, variantes de escritura y el orden «apellidos nombres». Cada consulta queda en la bitácora con su motivo.',
    nombre: 'Nombre completo o alias', curp: 'CURP', fechaNacimiento: 'Fecha de nacimiento', sexo: 'Sexo', motivo: 'Motivo de la consulta', motivoHelp: 'Obligatorio: número de carpeta, oficio u otra justificación (queda en la bitácora).',
    submit: 'Buscar', results: '{{count}} resultado(s) de {{candidates}} candidatos · {{ms}} ms', score: 'Puntuación', persona: 'Persona', registro: 'Registro', entidad: 'Entidad', fecha: 'Fecha', match: 'Coincide',
    registry: { detention: 'Detención' }, why: 'Por qué', query: 'Búsqueda', record: 'Registro', none: 'Sin resultados en su territorio.', onlyMatches: 'Solo coincidencias',
  },
};

export const en: typeof es = {
  ps: {
    nav: { search: 'Person search' },
    desc: { search: 'One person across every registry you may read, each hit explained.' },
    title: 'Person search', intro: 'Searches every registry in your territory (detentions and those added later). Tolerates accents, nicknames, spelling variants and "SURNAMES NAMES" order. Every search is audit-logged with its reason.',
    nombre: 'Full name or alias', curp: 'CURP', fechaNacimiento: 'Date of birth', sexo: 'Sex', motivo: 'Reason for the search', motivoHelp: 'Required: case number, official letter or other justification (kept in the audit log).',
    submit: 'Search', results: '{{count}} result(s) out of {{candidates}} candidates · {{ms}} ms', score: 'Score', persona: 'Person', registro: 'Record', entidad: 'State', fecha: 'Date', match: 'Match',
    registry: { detention: 'Detention' }, why: 'Why', query: 'Query', record: 'Record', none: 'No results in your territory.', onlyMatches: 'Matches only',
  },
};
