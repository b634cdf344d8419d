/** The priority-target (objetivos prioritarios) module's interface strings, Spanish first. */
export const es = {
  wl: {
    nav: { list: 'Objetivos prioritarios', create: 'Registrar objetivo' },
    desc: { list: 'Personas que su entidad busca; se cotejan con todos los registros.', create: 'Alta de un objetivo prioritario con búsqueda exhaustiva inmediata.' },
    status: { active: 'Activo', suspended: 'Suspendido', closed: 'Cerrado' },
    classification: { orden_de_aprehension: 'Orden de aprehensión', alto_impacto: 'Alto impacto', persona_buscada: 'Persona buscada', persona_de_interes: 'Persona de interés', otro: 'Otro' },
    list: { title: 'Objetivos prioritarios', intro: 'Cada objetivo activo se coteja con todo registro nuevo de cualquier entidad; las coincidencias llegan como alertas a la institución emisora.', q: 'Nombre o alias', status: 'Estado', all: 'Todos', id: 'Núm.', persona: 'Persona', classification: 'Clasificación', entidad: 'Entidad', institution: 'Institución emisora', validUntil: 'Vigente hasta', created: 'Registrado', new: 'Registrar objetivo' },
    form: {
      title: 'Registrar objetivo prioritario', intro: 'Al guardar, la persona se busca de inmediato en todos los registros (búsqueda exhaustiva) y después en cada registro nuevo.',
      person: 'Persona', nombre: 'Nombre(s)', paterno: 'Primer apellido', materno: 'Segundo apellido', alias: 'Alias (separados por coma)', curp: 'CURP', fechaNacimiento: 'Fecha de nacimiento', sexo: 'Sexo', photo: 'Referencia de fotografía (expediente o URL interna)',
      case: 'Motivo y vigencia', reason: 'Motivo', classification: 'Clasificación', validFrom: 'Vigente desde', validUntil: 'Vigente hasta (opcional)',
      contact: 'Contacto de la institución emisora', contactNombre: 'Nombre o área', telefono: 'Teléfono', correo: 'Correo electrónico', entidad: 'Entidad emisora',
      submit: 'Registrar y buscar', done: 'Objetivo registrado: {{count}} alerta(s) por coincidencias ya existentes.',
    },
    detail: {
      title: 'Objetivo {{id}}', versions: 'Historial', version: 'Versión', change: 'Cambio', by: 'Por', at: 'Fecha', reason: 'Motivo', current: 'vigente',
      alerts: 'Alertas de este objetivo', noAlerts: 'Sin coincidencias hasta ahora.', suspend: 'Suspender', reactivate: 'Reactivar', close: 'Cerrar',
      statusReason: 'Motivo del cambio de estado', actionTitle: '{{action}} el objetivo', actionHelp: 'El motivo queda en el historial y en la bitácora.',
      issuer: 'Emisor', contact: 'Contacto', validity: 'Vigencia', photo: 'Fotografía', created: 'Registrado por', updated: 'Última modificación',
      changes: { updated: 'Corregido', suspended: 'Suspendido', reactivated: 'Reactivado', closed: 'Cerrado' },
    },
  },
};

export const en: typeof es = {
  wl: {
    nav: { list: 'Priority targets', create: 'List a target' },
    desc: { list: 'Persons your state is looking for; matched against every registry.', create: 'List a priority target, searched exhaustively at once.' },
    status: { active: 'Active', suspended: 'Suspended', closed: 'Closed' },
    classification: { orden_de_aprehension: 'Arrest warrant', alto_impacto: 'High impact', persona_buscada: 'Wanted person', persona_de_interes: 'Person of interest', otro: 'Other' },
    list: { title: 'Priority targets', intro: 'Every active target is matched against each new record of any state; hits reach the issuing institution as alerts.', q: 'Name or alias', status: 'Status', all: 'All', id: 'No.', persona: 'Person', classification: 'Classification', entidad: 'State', institution: 'Issuing institution', validUntil: 'Valid until', created: 'Listed', new: 'List a target' },
    form: {
      title: 'List a priority target', intro: 'On saving, the person is searched at once across every registry (exhaustive search), and then against every new record.',
      person: 'Person', nombre: 'Given name(s)', paterno: 'First surname', materno: 'Second surname', alias: 'Aliases (comma-separated)', curp: 'CURP', fechaNacimiento: 'Date of birth', sexo: 'Sex', photo: 'Photo reference (file number or internal URL)',
      case: 'Reason and validity', reason: 'Reason', classification: 'Classification', validFrom: 'Valid from', validUntil: 'Valid until (optional)',
      contact: 'Issuing institution contact', contactNombre: 'Name or office', telefono: 'Phone', correo: 'E-mail', entidad: 'Issuing state',
      submit: 'List and search', done: 'Target listed: {{count}} alert(s) from existing records.',
    },
    detail: {
      title: 'Target {{id}}', versions: 'History', version: 'Version', change: 'Change', by: 'By', at: 'Date', reason: 'Reason', current: 'current',
      alerts: 'Alerts of this target', noAlerts: 'No hits so far.', suspend: 'Suspend', reactivate: 'Reactivate', close: 'Close',
      statusReason: 'Reason for the status change', actionTitle: '{{action}} the target', actionHelp: 'The reason is kept in the history and the audit log.',
      issuer: 'Issuer', contact: 'Contact', validity: 'Validity', photo: 'Photo', created: 'Listed by', updated: 'Last change',
      changes: { updated: 'Corrected', suspended: 'Suspended', reactivated: 'Reactivated', closed: 'Closed' },
    },
  },
};
