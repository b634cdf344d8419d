/** The alerts module's interface strings, Spanish first. */
export const es = {
  al: {
    nav: { list: 'Alertas' },
    desc: { list: 'Coincidencias de objetivos prioritarios, en vivo.' },
    status: { new: 'Nueva', acknowledged: 'Recibida', confirmed: 'Confirmada', dismissed: 'Descartada' },
    side: { issuer: 'Emitidas por mi institución', hit: 'Coincidencias en mi entidad' },
    trigger: { listing: 'Al registrar el objetivo', mention: 'Nuevo registro' },
    list: {
      title: 'Alertas', intro: 'Coincidencias de los objetivos prioritarios con registros de cualquier entidad. Las nuevas aparecen aquí sin recargar la página.',
      live: 'En vivo', connecting: 'Conectando…', offline: 'Sin conexión en vivo; se reintenta', id: 'Alerta', created: 'Generada', target: 'Objetivo', hit: 'Registro', entidad: 'Entidad del registro',
      score: 'Puntuación', status: 'Estado', side: 'Lado', all: 'Todas', newBanner: 'Nueva alerta: {{name}} ({{entidad}})', newCount: '{{count}} alerta(s) nueva(s) desde que abrió esta página', sound: 'Sonido',
      reduced: 'Objetivo de otra entidad', open: 'Abrir',
    },
    detail: {
      title: 'Alerta {{id}}', target: 'Objetivo prioritario (según se registró)', record: 'Registro con coincidencia', comparison: 'Comparación rasgo por rasgo', algorithm: 'Algoritmo',
      classification: 'Clasificación', reason: 'Motivo del objetivo', contact: 'Contacto del emisor', issuer: 'Emisor', observed: 'Fecha del registro', trigger: 'Origen',
      workflow: 'Atención', acknowledge: 'Acusar recibo', confirm: 'Confirmar (es la persona)', dismiss: 'Descartar (no es la persona)', why: 'Motivo',
      whyHelp: 'Queda en la bitácora. Al descartar, este par no vuelve a alertar.', acknowledgedBy: 'Recibida por', resolvedBy: 'Resuelta por', notes: 'Motivo registrado',
      reducedNote: 'Un registro de su entidad coincide con un objetivo prioritario de otra entidad. Los datos del objetivo los conserva el emisor; comuníquese con el contacto indicado.',
      openRecord: 'Abrir el registro', openTarget: 'Abrir el objetivo',
    },
  },
};

export const en: typeof es = {
  al: {
    nav: { list: 'Alerts' },
    desc: { list: 'Priority-target hits, live.' },
    status: { new: 'New', acknowledged: 'Acknowledged', confirmed: 'Confirmed', dismissed: 'Dismissed' },
    side: { issuer: 'Issued by my institution', hit: 'Hits in my state' },
    trigger: { listing: 'When the target was listed', mention: 'New record' },
    list: {
      title: 'Alerts', intro: 'Priority targets matching records of any state. New ones appear here without reloading the page.',
      live: 'Live', connecting: 'Connecting…', offline: 'Live connection lost; retrying', id: 'Alert', created: 'Raised', target: 'Target', hit: 'Record', entidad: 'State of the record',
      score: 'Score', status: 'Status', side: 'Side', all: 'All', newBanner: 'New alert: {{name}} ({{entidad}})', newCount: '{{count}} new alert(s) since you opened this page', sound: 'Sound',
      reduced: 'Another state\'s target', open: 'Open',
    },
    detail: {
      title: 'Alert {{id}}', target: 'Priority target (as listed)', record: 'Matching record', comparison: 'Feature-by-feature comparison', algorithm: 'Algorithm',
      classification: 'Classification', reason: 'Reason for the target', contact: 'Issuer contact', issuer: 'Issuer', observed: 'Record date', trigger: 'Trigger',
      workflow: 'Handling', acknowledge: 'Acknowledge', confirm: 'Confirm (same person)', dismiss: 'Dismiss (not the person)', why: 'Reason',
      whyHelp: 'Kept in the audit log. A dismissed pair never alerts again.', acknowledgedBy: 'Acknowledged by', resolvedBy: 'Resolved by', notes: 'Recorded reason',
      reducedNote: 'A record of your state matches a priority target of another state. The issuer keeps the target\'s details; get in touch with the contact shown.',
      openRecord: 'Open the record', openTarget: 'Open the target',
    },
  },
};
