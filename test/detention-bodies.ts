/**
 * A valid POST /api/detentions body in the given place with the person given whole (no defaults merged into it, so
 * matching tests control every name part). Tests of other modules use it to make detentions through the API.
 */
export function detentionWithPerson(at: Date, o: { lugar: { entidad: string; municipio: null }; offence_codes: string[]; persona: Record<string, unknown> }) {
  return {
    persona: { senas_particulares: 'Tatuaje en el antebrazo', ...o.persona },
    lugar: { domicilio: 'Calle 5 de Mayo 10', lat: 19.43, lon: -99.13, ...o.lugar },
    fecha_hora_detencion: at.toISOString(),
    motivo: 'Detenido en flagrancia al sustraer una bolsa a una transeúnte',
    tipo: 'hecho_probablemente_delictivo',
    supuesto: 'flagrancia',
    offence_codes: o.offence_codes,
    autoridad_detencion: { agentes: [{ nombre: 'Luis Ramírez Soto', cargo: 'Policía Primero', unidad: 'Sector Centro' }] },
    autoridad_destino: { tipo: 'ministerio_publico', nombre: 'Agencia del Ministerio Público de Detenidos' },
    lugar_traslado: 'Agencia del Ministerio Público de Detenidos',
  };
}
