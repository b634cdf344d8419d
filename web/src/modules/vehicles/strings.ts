/** The vehicles module's interface strings, Spanish first. */
export const es = {
  veh: {
    nav: { c5: 'C5 · Vehículos robados', reports: 'Robo de vehículos', stats: 'Estadística de robo de vehículos' },
    desc: { c5: 'Coincidencias en vivo de los arcos lectores con vehículos robados, en el mapa.', reports: 'Denuncias de robo, recuperaciones y cancelaciones.', stats: 'Robos y recuperaciones por entidad y mes, tasa de recuperación, coincidencias por cámara.' },
    c5: {
      title: 'C5 · Coincidencias de placas robadas', intro: 'Cada coincidencia de un arco lector con la lista de vehículos robados llega aquí en vivo. Una coincidencia significa «verificar»: confirme antes de intervenir.',
      live: 'En vivo', offline: 'Reconectando…', feed: 'Coincidencias', empty: 'Sin coincidencias por ahora.', select: 'Seleccione una coincidencia para verla en el mapa.',
      camera: 'Cámara', theft: 'Lugar del robo', route: 'Recorrido (lecturas)', reading: 'Lectura', plate: 'Placa reportada', vehicle: 'Vehículo', stolenAt: 'Robado', violence: 'Con violencia',
      reportEntidad: 'Entidad del reporte', hitEntidad: 'Entidad de la cámara', image: 'Imagen', score: 'Puntaje', carpeta: 'Carpeta de investigación',
      acknowledge: 'Acusar recibo', dispatch: 'Unidades enviadas', recovered: 'Recuperado', reads: 'lecturas', status: 'Estado',
    },
    status: { new: 'Nueva', acknowledged: 'Recibida', dispatched: 'Unidades enviadas', recovered: 'Recuperado', dismissed: 'Descartada', confirmed: 'Confirmada', stolen: 'Robado', cancelled: 'Cancelado' },
    form: {
      title: 'Registrar robo de vehículo', plate: 'Placa', plateEntidad: 'Entidad de la placa', vin: 'NIV / VIN', make: 'Marca', model: 'Línea / modelo', year: 'Año', color: 'Color',
      violence: 'Con violencia', stolenAt: 'Fecha y hora del robo', lat: 'Latitud', lon: 'Longitud', place: 'Lugar', carpeta: 'Carpeta de investigación', submit: 'Registrar robo', done: 'Robo registrado; la placa ya está en la lista de búsqueda.',
    },
    list: { title: 'Robo de vehículos', status: 'Estado', plate: 'Placa', vehicle: 'Vehículo', entidad: 'Entidad', stolenAt: 'Robado', empty: 'Sin reportes.', search: 'Placa o NIV', timeline: 'Cronología', recover: 'Registrar recuperación', cancel: 'Cancelar reporte', condition: 'Estado del vehículo', reason: 'Motivo', save: 'Guardar' },
    cond: { intacto: 'Intacto', danado: 'Dañado', desvalijado: 'Desvalijado', incendiado: 'Incendiado', otro: 'Otro' },
    stats: { title: 'Estadística de robo de vehículos', thefts: 'Robos', recovered: 'Recuperados', rate: 'Tasa de recuperación', perMonth: 'Robos y recuperaciones por mes', perEntidad: 'Robos por entidad', perCamera: 'Coincidencias por cámara', reads: 'Lecturas', hits: 'Coincidencias' },
  },
};

export const en: typeof es = {
  veh: {
    nav: { c5: 'C5 · Stolen vehicles', reports: 'Vehicle theft', stats: 'Vehicle theft statistics' },
    desc: { c5: 'Live plate-reader hits on stolen vehicles, on the map.', reports: 'Theft reports, recoveries and cancellations.', stats: 'Thefts and recoveries per state and month, recovery rate, hits per camera.' },
    c5: {
      title: 'C5 · Stolen-plate hits', intro: 'Every plate-reader hit on the stolen-vehicle list arrives here live. A hit means "verify": confirm before acting.',
      live: 'Live', offline: 'Reconnecting…', feed: 'Hits', empty: 'No hits yet.', select: 'Select a hit to see it on the map.',
      camera: 'Camera', theft: 'Theft location', route: 'Route (reads)', reading: 'Reading', plate: 'Reported plate', vehicle: 'Vehicle', stolenAt: 'Stolen', violence: 'Violent',
      reportEntidad: 'Report state', hitEntidad: 'Camera state', image: 'Image', score: 'Score', carpeta: 'Prosecutor file',
      acknowledge: 'Acknowledge', dispatch: 'Units dispatched', recovered: 'Recovered', reads: 'reads', status: 'Status',
    },
    status: { new: 'New', acknowledged: 'Acknowledged', dispatched: 'Units dispatched', recovered: 'Recovered', dismissed: 'Dismissed', confirmed: 'Confirmed', stolen: 'Stolen', cancelled: 'Cancelled' },
    form: {
      title: 'Report a vehicle theft', plate: 'Plate', plateEntidad: 'Plate state', vin: 'VIN', make: 'Make', model: 'Line / model', year: 'Year', color: 'Colour',
      violence: 'Violent', stolenAt: 'Date and time of theft', lat: 'Latitude', lon: 'Longitude', place: 'Place', carpeta: 'Prosecutor file number', submit: 'Report theft', done: 'Theft reported; the plate is on the hotlist.',
    },
    list: { title: 'Vehicle theft', status: 'Status', plate: 'Plate', vehicle: 'Vehicle', entidad: 'State', stolenAt: 'Stolen', empty: 'No reports.', search: 'Plate or VIN', timeline: 'Timeline', recover: 'Record recovery', cancel: 'Cancel report', condition: 'Vehicle condition', reason: 'Reason', save: 'Save' },
    cond: { intacto: 'Intact', danado: 'Damaged', desvalijado: 'Stripped', incendiado: 'Burnt', otro: 'Other' },
    stats: { title: 'Vehicle theft statistics', thefts: 'Thefts', recovered: 'Recovered', rate: 'Recovery rate', perMonth: 'Thefts and recoveries per month', perEntidad: 'Thefts per state', perCamera: 'Hits per camera', reads: 'Reads', hits: 'Hits' },
  },
};
