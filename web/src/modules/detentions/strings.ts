/** The detentions module's interface strings, Spanish first. */
export const es = {
  det: {
    nav: { capture: 'Registrar detención', list: 'Detenciones', dashboard: 'Tablero de mando', import: 'Carga masiva', publicLink: 'Consulta pública de detenciones' },
    desc: { capture: 'Registro inmediato de una detención (menos de un minuto).', list: 'Registros, línea de tiempo y cadena de custodia.', dashboard: 'Detenciones por periodo, entidad, tipo y plazos legales.', import: 'Archivos CSV o XLSX de sistemas estatales.' },
    capture: {
      title: 'Registrar detención', intro: 'Registro inicial al momento de la detención (Ley Nacional del Registro de Detenciones, art. 17–19). Lo demás puede completarse después.',
      person: 'Persona detenida', nombre: 'Nombre(s)', paterno: 'Primer apellido', materno: 'Segundo apellido', edad: 'Edad', fechaNacimiento: 'Fecha de nacimiento', sexo: 'Sexo', curp: 'CURP (si se conoce)', senas: 'Señas particulares', alias: 'Alias (separados por coma)',
      place: 'Lugar y momento', entidad: 'Entidad', municipio: 'Municipio (clave INEGI)', domicilio: 'Domicilio o referencia', fechaHora: 'Fecha y hora de la detención', motivo: 'Motivo de la detención',
      legal: 'Tipo y supuesto', tipo: 'Tipo', supuesto: 'Supuesto', offences: 'Delito o falta (catálogo)',
      authority: 'Autoridades', agente: 'Agente que intervino', cargo: 'Cargo o rango', unidad: 'Unidad', addAgente: 'Añadir agente', destinoTipo: 'Se pone a disposición de', destinoNombre: 'Autoridad (nombre)', traslado: 'Lugar al que se traslada',
      submit: 'Registrar y obtener folio', done: 'Detención registrada', folio: 'Folio', open: 'Abrir el registro', another: 'Registrar otra',
    },
    sexo: { H: 'Hombre', M: 'Mujer', X: 'No binario' },
    tipo: { falta_administrativa: 'Falta administrativa', hecho_probablemente_delictivo: 'Hecho probablemente delictivo' },
    supuesto: { orden_de_aprehension: 'Orden de aprehensión', flagrancia: 'Flagrancia', caso_urgente: 'Caso urgente', arresto_administrativo: 'Arresto administrativo' },
    destino: { ministerio_publico: 'Ministerio Público', juez_civico: 'Juez Cívico', juez_control: 'Juez de Control', otra: 'Otra autoridad' },
    avisos: { title: 'Revise estos datos', intro: 'El registro se guardó; estos datos no concuerdan entre sí y pueden corregirse con una nueva versión.' },
    flag: { registro_tardio: 'Registro tardío', puesta_demorada: 'Puesta a disposición demorada', arresto_excedido: 'Arresto > 36 h', retencion_mp_excedida: 'Retención MP excedida' },
    situacion: { en_custodia: 'En custodia', en_libertad: 'En libertad', custodia_policial: 'Bajo custodia policial', a_disposicion_ministerio_publico: 'A disposición del Ministerio Público', a_disposicion_juez_civico: 'A disposición del Juez Cívico', a_disposicion_juez_control: 'A disposición del Juez de Control', a_disposicion_otra: 'A disposición de otra autoridad' },
    event: { puesta_a_disposicion: 'Puesta a disposición', revision_medica: 'Revisión médica', traslado: 'Traslado', cambio_situacion_juridica: 'Cambio de situación jurídica', libertad: 'Libertad', registro: 'Registro', detencion: 'Detención', version: 'Nueva versión' },
    list: { title: 'Detenciones', folio: 'Folio', persona: 'Persona', fecha: 'Detención', entidad: 'Entidad', tipo: 'Tipo', situacion: 'Situación', flags: 'Plazos', all: 'Todas', from: 'Desde', to: 'Hasta', empty: 'No hay detenciones con esos filtros.', nombre: 'Nombre' },
    detail: { timeline: 'Línea de tiempo', addEvent: 'Añadir evento de custodia', eventType: 'Evento', when: 'Fecha y hora', autoridad: 'Autoridad', lugar: 'Lugar', estadoFisico: 'Estado físico', lesiones: 'Presenta lesiones', origen: 'Origen', destino: 'Destino', situacion: 'Situación jurídica', descripcion: 'Descripción', motivoLibertad: 'Motivo de la libertad', save: 'Añadir a la cadena de custodia', recordedBy: 'registró', deadlines: 'Plazos legales', version: 'Versión' },
    dash: { title: 'Tablero de mando', total: 'Detenciones', flagged: 'Alertas de plazo', flaggedHint: 'suma de las cuatro; una detención puede tener varias', noData: 'Sin datos con estos filtros.', perPeriod: 'Detenciones por periodo', perTipo: 'Por tipo', perOffence: 'Delitos y faltas más frecuentes', perInstitution: 'Por institución que detuvo', lag: 'Demora del registro', map: 'Detenciones por entidad', report: 'Informe mensual', month: 'Mes', download: 'Descargar', apply: 'Aplicar' },
    import: { title: 'Carga masiva de detenciones', intro: 'Archivo CSV o XLSX con una fila por detención; cada fila necesita external_id (idempotencia: volver a cargar el mismo archivo no duplica).', source: 'Sistema de origen', file: 'Archivo', upload: 'Cargar', result: 'Resultado', rows: 'filas', created: 'creadas', existing: 'ya existían', rejected: 'rechazadas', line: 'Línea', problems: 'Problemas', warned: 'con avisos', rejectedTitle: 'Filas rechazadas (no se registraron)', warnedTitle: 'Filas registradas con avisos (revise y corrija con una nueva versión)', avisos: 'Avisos', recent: 'Cargas recientes', started: 'Inicio', by: 'Cargó', status: 'Estado', counts: 'Resultado', state: { processing: 'En proceso', completed: 'Terminada', failed: 'Fallida' }, stopped: 'La carga se detuvo' },
    pub: {
      title: 'Consulta pública del Registro Nacional de Detenciones', intro: 'Escriba el nombre completo de la persona. La consulta informa solo si está registrada como detenida, la autoridad que la tiene a su disposición y el lugar donde se encuentra (Ley Nacional del Registro de Detenciones).',
      nombre: 'Nombre(s)', paterno: 'Primer apellido', materno: 'Segundo apellido', search: 'Consultar', found: 'La persona está registrada como detenida.', notFound: 'No hay una detención vigente registrada con ese nombre completo.', autoridad: 'Autoridad', lugar: 'Lugar donde se encuentra', entidad: 'Entidad', login: 'Ingresar al sistema', notice: 'Cada consulta queda registrada. La información es la que las autoridades han capturado en el Registro.',
    },
  },
};

export const en: typeof es = {
  det: {
    nav: { capture: 'Register detention', list: 'Detentions', dashboard: 'Dashboard', import: 'Bulk upload', publicLink: 'Public detention lookup' },
    desc: { capture: 'Register a detention at once (under a minute).', list: 'Records, timeline and custody chain.', dashboard: 'Detentions by period, state, type and legal deadlines.', import: 'CSV or XLSX files from state systems.' },
    capture: {
      title: 'Register detention', intro: 'Initial record at the moment of detention (National Detention Registry Law, arts. 17–19). The rest can be completed later.',
      person: 'Detained person', nombre: 'Given name(s)', paterno: 'First surname', materno: 'Second surname', edad: 'Age', fechaNacimiento: 'Date of birth', sexo: 'Sex', curp: 'CURP (if known)', senas: 'Distinguishing marks', alias: 'Aliases (comma-separated)',
      place: 'Place and time', entidad: 'State', municipio: 'Municipality (INEGI code)', domicilio: 'Address or landmark', fechaHora: 'Date and time of detention', motivo: 'Reason for detention',
      legal: 'Type and legal basis', tipo: 'Type', supuesto: 'Legal basis', offences: 'Offence or infraction (catalogue)',
      authority: 'Authorities', agente: 'Officer involved', cargo: 'Position or rank', unidad: 'Unit', addAgente: 'Add officer', destinoTipo: 'Handed over to', destinoNombre: 'Authority (name)', traslado: 'Place the person is taken to',
      submit: 'Register and get folio', done: 'Detention registered', folio: 'Folio', open: 'Open the record', another: 'Register another',
    },
    sexo: { H: 'Male', M: 'Female', X: 'Non-binary' },
    tipo: { falta_administrativa: 'Administrative infraction', hecho_probablemente_delictivo: 'Probable crime' },
    supuesto: { orden_de_aprehension: 'Arrest warrant', flagrancia: 'Caught in the act', caso_urgente: 'Urgent case', arresto_administrativo: 'Administrative arrest' },
    destino: { ministerio_publico: 'Public prosecutor', juez_civico: 'Civic judge', juez_control: 'Control judge', otra: 'Other authority' },
    avisos: { title: 'Check these details', intro: 'The record was saved; these details do not agree with each other and can be corrected with a new version.' },
    flag: { registro_tardio: 'Late registration', puesta_demorada: 'Delayed handover', arresto_excedido: 'Arrest > 36 h', retencion_mp_excedida: 'Prosecutor retention exceeded' },
    situacion: { en_custodia: 'In custody', en_libertad: 'Released', custodia_policial: 'In police custody', a_disposicion_ministerio_publico: 'Handed to the public prosecutor', a_disposicion_juez_civico: 'Handed to the civic judge', a_disposicion_juez_control: 'Handed to the control judge', a_disposicion_otra: 'Handed to another authority' },
    event: { puesta_a_disposicion: 'Handover', revision_medica: 'Medical check', traslado: 'Transfer', cambio_situacion_juridica: 'Change of legal status', libertad: 'Release', registro: 'Registration', detencion: 'Detention', version: 'New version' },
    list: { title: 'Detentions', folio: 'Folio', persona: 'Person', fecha: 'Detention', entidad: 'State', tipo: 'Type', situacion: 'Status', flags: 'Deadlines', all: 'All', from: 'From', to: 'To', empty: 'No detentions match these filters.', nombre: 'Name' },
    detail: { timeline: 'Timeline', addEvent: 'Add custody event', eventType: 'Event', when: 'Date and time', autoridad: 'Authority', lugar: 'Place', estadoFisico: 'Physical state', lesiones: 'Has injuries', origen: 'From', destino: 'To', situacion: 'Legal status', descripcion: 'Description', motivoLibertad: 'Reason for release', save: 'Add to the custody chain', recordedBy: 'recorded by', deadlines: 'Legal deadlines', version: 'Version' },
    dash: { title: 'Dashboard', total: 'Detentions', flagged: 'Deadline flags', flaggedHint: 'the four added up; one detention may carry several', noData: 'No data for these filters.', perPeriod: 'Detentions by period', perTipo: 'By type', perOffence: 'Most frequent offences', perInstitution: 'By detaining institution', lag: 'Registration delay', map: 'Detentions by state', report: 'Monthly report', month: 'Month', download: 'Download', apply: 'Apply' },
    import: { title: 'Bulk upload of detentions', intro: 'CSV or XLSX file with one row per detention; every row needs external_id (idempotent: uploading the same file again duplicates nothing).', source: 'Source system', file: 'File', upload: 'Upload', result: 'Result', rows: 'rows', created: 'created', existing: 'already existed', rejected: 'rejected', line: 'Line', problems: 'Problems', warned: 'with warnings', rejectedTitle: 'Rejected rows (not registered)', warnedTitle: 'Rows registered with warnings (check them and correct with a new version)', avisos: 'Warnings', recent: 'Recent uploads', started: 'Started', by: 'Uploaded by', status: 'Status', counts: 'Result', state: { processing: 'In progress', completed: 'Completed', failed: 'Failed' }, stopped: 'The upload stopped' },
    pub: {
      title: 'Public lookup of the National Detention Registry', intro: 'Type the person\'s full name. The lookup only tells whether they are registered as detained, the authority holding them and where they are (National Detention Registry Law).',
      nombre: 'Given name(s)', paterno: 'First surname', materno: 'Second surname', search: 'Look up', found: 'The person is registered as detained.', notFound: 'No current detention is registered under that full name.', autoridad: 'Authority', lugar: 'Where the person is', entidad: 'State', login: 'Sign in', notice: 'Every lookup is logged. The information is what the authorities have entered in the Registry.',
    },
  },
};
