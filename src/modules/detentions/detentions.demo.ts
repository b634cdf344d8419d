import type { Transaction } from 'kysely';
import { makeActor, SYSTEM_ACTOR } from '../../core/access.js';
import type { Database } from '../../core/db.js';
import type { CoreTables } from '../../core/db-types.js';
import { emitEvents } from '../../core/outbox.js';
import { buildCurp } from '../../matching/index.js';
import { checkDocument, Lookups, registerPrepared, normaliseRegistration, personPayload, prepareRow, type PreparedRegistration } from './detentions.prepare.js';
import type { RegistrationInput } from './detentions.schema.js';
import { projectCustody, recorderOf, type DetentionDb, type StoredEvent } from './detentions.store.js';
import { DETENTION_RULES } from './detentions.rules.js';
import { mulberry32 } from '../../core/random.js';

/** How many synthetic detentions the demo loads. */
export const DEMO_DETENTIONS = 3000;


const HOMBRES = ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel Ángel', 'José Luis', 'Francisco', 'Jesús', 'Alejandro', 'Antonio', 'Pedro', 'Ricardo', 'Fernando', 'Eduardo', 'Roberto', 'Daniel', 'Sergio', 'Javier', 'Manuel', 'Raúl', 'Arturo', 'Óscar', 'Héctor', 'Víctor Hugo', 'Gerardo', 'Rafael', 'Martín', 'Enrique', 'Alberto', 'Salvador', 'Guillermo', 'Ignacio', 'Adrián', 'Iván', 'Erick', 'Kevin', 'Brandon', 'Ángel', 'Diego', 'Emmanuel', 'Omar', 'Rubén', 'Hugo', 'Saúl', 'Gustavo', 'Armando', 'Édgar', 'Cristian', 'Juan Carlos'];
const MUJERES = ['María Guadalupe', 'Guadalupe', 'María', 'Juana', 'Margarita', 'Verónica', 'Leticia', 'Rosa María', 'Alejandra', 'Patricia', 'Gabriela', 'Adriana', 'Elizabeth', 'Claudia', 'Araceli', 'Silvia', 'Yolanda', 'Norma', 'Daniela', 'Fernanda', 'Karla', 'Mariana', 'Itzel', 'Ximena', 'Brenda', 'Diana', 'Lorena', 'Sandra', 'Mónica', 'Teresa'];
const APELLIDOS = ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez', 'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz', 'Rojas', 'Contreras', 'Salazar', 'Luna', 'Ortega', 'Santiago', 'Guerrero', 'Estrada', 'Bautista', 'Cortés', 'Soto', 'Alvarado', 'Espinoza', 'Lara', 'Ávila', 'Ríos', 'Cervantes', 'Silva', 'Delgado', 'Vega', 'Márquez', 'Sandoval', 'Carrillo', 'León', 'Mejía', 'Solís', 'Núñez', 'Rosas', 'Valdez', 'Ibarra', 'Campos', 'Navarro', 'Maldonado', 'Rosales', 'Acosta', 'Peña', 'Durán', 'Cabrera', 'Fuentes', 'Trejo', 'Quintero', 'Pacheco', 'Camacho', 'Zúñiga'];
const ALIAS = ['El Güero', 'El Flaco', 'El Chino', 'La Güera', 'El Negro', 'El Gordo', 'El Pelón', 'El Chaparro', 'El Toro', 'La Flaca', 'El Tigre', 'El Cholo'];
const CARGOS = ['Policía', 'Policía Tercero', 'Policía Segundo', 'Policía Primero', 'Suboficial', 'Oficial'];
const UNIDADES = ['Sector Centro', 'Sector Norte', 'Sector Sur', 'Unidad de Reacción', 'Grupo de Proximidad', 'Patrulla de Vialidad'];
const FALTAS = ['Ingerir bebidas alcohólicas en la vía pública', 'Alterar el orden público', 'Riña en la vía pública', 'Orinar en la vía pública', 'Faltas a la autoridad', 'Conducir en estado de ebriedad', 'Daños leves a propiedad ajena'];
const DELITOS = ['Robo a transeúnte', 'Robo de vehículo', 'Narcomenudeo', 'Violencia familiar', 'Lesiones dolosas', 'Portación de arma prohibida', 'Robo a negocio', 'Daño en las cosas', 'Homicidio en grado de tentativa', 'Extorsión'];
const SENAS = ['Tatuaje en antebrazo derecho', 'Cicatriz en la ceja izquierda', 'Lunar en la mejilla', 'Tatuaje en el cuello', 'Sin señas visibles', 'Perforación en la oreja izquierda'];
/** How often each catalogue code shows up in the demo (codes of src/catalogs/data/offences.ts; any other code weighs 0.5). */
const OFFENCE_WEIGHTS: Record<string, number> = {
  'D-PAT-ROB-TRN': 8, 'D-SOC-NAR': 8, 'D-FAM-VIO': 7, 'D-VID-LES-DOL': 5, 'D-PAT-ROB-NEG': 5, 'D-PAT-ROB-VEH': 4, 'D-PAT-DAN': 4, 'F-DEL-ARM-POR': 3,
  'D-OTR-AME': 3, 'D-PAT-ROB-CAS': 3, 'D-PAT-ROB-TPU': 2, 'D-PAT-EXT': 1, 'F-DEL-SAL': 1, 'F-DEL-DOR': 0.3,
  'FA-ALC-VIA': 10, 'FA-ORD-PUB': 8, 'FA-RIN': 6, 'FA-EBR-CON': 6, 'FA-ORI-VIA': 4, 'FA-AUT': 4, 'FA-SUS-VIA': 4, 'FA-DAN-MEN': 2, 'FA-RUI': 2,
};
const CIRCUMSTANCE: Record<string, string[]> = {
  arresto_administrativo: ['reporte ciudadano al 9-1-1', 'observado por la unidad en recorrido de vigilancia', 'señalado por vecinos'],
  flagrancia_falta: ['sorprendido en el momento por la patrulla'],
  flagrancia: ['detenido en flagrancia tras el señalamiento de la víctima', 'detenido en flagrancia durante recorrido de vigilancia', 'detenido inmediatamente después de los hechos, con el objeto en su poder'],
  orden_de_aprehension: ['en cumplimiento de orden de aprehensión librada por el juez de control'],
  caso_urgente: ['caso urgente ordenado por el Ministerio Público'],
};
const WEIGHTS: [string, number][] = [['14', 22], ['09', 20], ['15', 18], ['19', 12], ['11', 10], ['08', 7], ['26', 6], ['31', 5]];
const HOURS = [5, 4, 3, 2, 2, 1, 1, 2, 3, 3, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 8, 8, 7, 6];

/**
 * A synthetic but well-formed CURP for a synthetic person (valid check digit; not a real person's key), built by the
 * matching library's RENAPO rules so it agrees with the name, birth date and sex it is recorded with.
 */
export function syntheticCurp(nombre: string, paterno: string, materno: string | null, birth: string, sexo: 'H' | 'M' | 'X', state: string, rnd: () => number): string {
  const diff = Number(birth.slice(0, 4)) < 2000 ? String(Math.floor(rnd() * 10)) : 'ABCDEFGHIJ'[Math.floor(rnd() * 10)];
  return buildCurp({ nombre, apellido_paterno: paterno, apellido_materno: materno, fecha_nacimiento: birth, sexo, entidad_nacimiento: state }, diff);
}

/**
 * Loads a few thousand SYNTHETIC detentions (source 'demo') across the demo states over the last 12 months, with
 * custody chains, releases and some late registrations and overdue clocks, through the same insert path as the API
 * (multi-row statements, events and audit included). Deterministic for a seed; a second run adds nothing.
 */
export async function loadDetentionDemo(database: Database, opts: { seed: number; now: Date }): Promise<{ summary: string }> {
  const rnd = mulberry32(opts.seed ^ 0x00de7e17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const db = database.db.withTables<import('./detentions.schema.js').DetentionTables>() as unknown as DetentionDb;
  const actor = makeActor({ ...SYSTEM_ACTOR, name: 'demo' });
  const now = opts.now;

  const insts = await db.selectFrom('institutions').select(['id', 'entidad', 'type', 'name']).where('active', '=', true).where('entidad', 'in', WEIGHTS.map((w) => w[0])).execute();
  const states = WEIGHTS.filter(([e]) => insts.some((i) => i.entidad === e && i.type === 'security_secretariat'));
  if (states.length === 0) return { summary: '0 detenciones (no hay instituciones demo)' };
  const capitals = new Map((await db.selectFrom('entidades').select(['code', 'capital', 'curp_code', 'short_name']).execute()).map((e) => [e.code, e]));
  const offences = await db.selectFrom('offences').select(['code', 'kind', 'name_es']).where('active', '=', true).orderBy('code').execute();
  const weighted = <T>(xs: T[], w: (x: T) => number) => {
    const total = xs.reduce((a, x) => a + w(x), 0);
    let r = rnd() * total;
    for (const x of xs) if ((r -= w(x)) < 0) return x;
    return xs[xs.length - 1];
  };
  const muniRows = await db.selectFrom('municipios').select(['entidad', 'code']).where('entidad', 'in', states.map((s) => s[0])).execute();
  const munis = new Map<string, string[]>();
  for (const m of muniRows) munis.set(m.entidad, [...(munis.get(m.entidad) ?? []), m.code]);
  const totalWeight = states.reduce((s, [, w]) => s + w, 0);
  const pickState = () => {
    let x = rnd() * totalWeight;
    for (const [e, w] of states) if ((x -= w) < 0) return e;
    return states[0][0];
  };
  const hourWeight = HOURS.reduce((a, b) => a + b, 0);
  const pickHour = () => {
    let x = rnd() * hourWeight;
    for (let h = 0; h < 24; h++) if ((x -= HOURS[h]) < 0) return h;
    return 23;
  };
  const H = 3600_000, MIN = 60_000;

  const lookups = new Lookups();
  const items: { prepared: PreparedRegistration; events: StoredEvent[] }[] = [];
  for (let n = 0; n < DEMO_DETENTIONS; n++) {
    const entidad = pickState();
    const ent = capitals.get(entidad)!;
    const city = ent.capital ?? ent.short_name;
    const sec = insts.find((i) => i.entidad === entidad && i.type === 'security_secretariat')!;
    const fiscalia = insts.find((i) => i.entidad === entidad && i.type === 'prosecutor');
    const r = rnd();
    const sexo: 'H' | 'M' | 'X' = r < 0.86 ? 'H' : r < 0.995 ? 'M' : 'X';
    const nombre = sexo === 'M' ? pick(MUJERES) : pick(HOMBRES);
    const paterno = pick(APELLIDOS), materno = rnd() < 0.97 ? pick(APELLIDOS) : null;
    const day = new Date(now.getTime() - Math.floor(rnd() * 365) * 24 * H);
    const detAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), pickHour() + 6, Math.floor(rnd() * 60)));
    if (detAt > now) detAt.setTime(now.getTime() - between(1, 20) * H);
    const edad = Math.floor(between(18, 62));
    const birth = new Date(detAt.getTime() - (edad * 365.25 + between(1, 360)) * 24 * H).toISOString().slice(0, 10);
    const withCurp = rnd() < 0.4 && sexo !== 'X';
    const lagR = rnd();
    const lagMin = lagR < 0.8 ? between(2, 30) : lagR < 0.92 ? between(30, 60) : lagR < 0.97 ? between(60, 360) : between(360, 1800);
    const registeredAt = new Date(Math.min(detAt.getTime() + lagMin * MIN, now.getTime()));
    const falta = rnd() < 0.62;
    const tipo = falta ? 'falta_administrativa' : 'hecho_probablemente_delictivo';
    const supuesto = falta ? (rnd() < 0.85 ? 'arresto_administrativo' : 'flagrancia') : (() => { const x = rnd(); return x < 0.75 ? 'flagrancia' : x < 0.95 ? 'orden_de_aprehension' : 'caso_urgente'; })();
    const kinds = offences.filter((o) => o.kind === (falta ? 'falta' : 'delito'));
    const offence = kinds.length ? weighted(kinds, (o) => OFFENCE_WEIGHTS[o.code] ?? 0.5) : null;
    const codes = offence ? [offence.code] : [];
    const circumstance = pick(CIRCUMSTANCE[falta && supuesto === 'flagrancia' ? 'flagrancia_falta' : supuesto]);
    const juzgado = `Juzgado Cívico ${pick(['Zona Centro', 'Zona Norte', 'Zona Oriente', 'Zona Poniente'])}, ${city}`;
    const agencia = `Agencia del Ministerio Público ${pick(['de Detenidos', 'Zona Centro', 'Especializada'])}, ${city}`;
    const input: RegistrationInput = {
      source: 'demo', external_id: `demo-${opts.seed}-${n}`, fecha_hora_registro: registeredAt.toISOString(),
      persona: {
        nombre, apellido_paterno: paterno, apellido_materno: materno, edad, fecha_nacimiento: rnd() < 0.7 ? birth : null, sexo,
        curp: withCurp ? syntheticCurp(nombre, paterno, materno, birth, sexo, ent.curp_code, rnd) : null,
        senas_particulares: rnd() < 0.5 ? pick(SENAS) : null, alias: rnd() < 0.08 ? [pick(ALIAS)] : undefined,
      },
      lugar: { entidad, municipio: munis.get(entidad)?.length ? pick(munis.get(entidad)!) : null, domicilio: `Calle ${pick(APELLIDOS)} ${Math.floor(between(1, 2000))}, ${city}` },
      fecha_hora_detencion: detAt.toISOString(),
      motivo: `${offence?.name_es ?? (falta ? pick(FALTAS) : pick(DELITOS))}; ${circumstance}`,
      tipo, supuesto, offence_codes: codes,
      autoridad_detencion: { institution_id: Number(sec.id), agentes: [1, 2].map(() => ({ nombre: `${pick(HOMBRES)} ${pick(APELLIDOS)} ${pick(APELLIDOS)}`, cargo: pick(CARGOS), unidad: pick(UNIDADES) })) },
      autoridad_destino: falta ? { tipo: 'juez_civico', nombre: juzgado } : { tipo: 'ministerio_publico', nombre: fiscalia?.name ?? agencia },
      lugar_traslado: falta ? juzgado : agencia,
      persona_confianza: rnd() < 0.35 ? { nombre: `${pick(rnd() < 0.5 ? HOMBRES : MUJERES)} ${paterno}`, parentesco: pick(['madre', 'padre', 'hermano(a)', 'pareja', 'hijo(a)']), consentimiento: true } : null,
    };
    // The custody chain, dropped where it would lie in the future.
    const events: StoredEvent[] = [];
    const add = (tipo: string, at: number, data: Record<string, unknown>) => { if (at <= now.getTime()) events.push({ seq: events.length + 1, tipo, ocurrido_at: new Date(at), data }); };
    const late = rnd() < 0.05;
    const puesta = detAt.getTime() + (late ? between(5, 12) : between(0.3, 3.5)) * H;
    if (falta) {
      add('puesta_a_disposicion', puesta, { autoridad: { tipo: 'juez_civico', nombre: juzgado }, lugar: juzgado });
      add('revision_medica', puesta + between(5, 40) * MIN, { estado_fisico: 'Sin lesiones visibles; orientado en tiempo y espacio', lesiones: rnd() < 0.06, medico: { nombre: `Dr(a). ${pick(APELLIDOS)}` } });
      const over = rnd() < 0.02;
      add('libertad', over ? detAt.getTime() + between(37, 48) * H : puesta + between(1, 28) * H, { motivo: rnd() < 0.6 ? 'pago_de_multa' : 'cumplimiento_de_arresto' });
    } else {
      add('revision_medica', detAt.getTime() + between(15, 60) * MIN, { estado_fisico: 'Escoriaciones leves en muñecas', lesiones: rnd() < 0.15 });
      if (rnd() < 0.3) add('traslado', puesta - between(5, 15) * MIN, { origen: input.lugar.domicilio, destino: agencia });
      if (supuesto === 'orden_de_aprehension') {
        add('puesta_a_disposicion', puesta, { autoridad: { tipo: 'juez_control', nombre: `Juzgado de Control, ${city}` }, lugar: `Centro Penitenciario, ${city}` });
      } else {
        add('puesta_a_disposicion', puesta, { autoridad: { tipo: 'ministerio_publico', nombre: fiscalia?.name ?? agencia }, lugar: agencia });
        const x = rnd();
        if (x < 0.55) {
          const over = rnd() < 0.03;
          const jc = puesta + (over ? between(49, 60) : between(12, 46)) * H;
          add('puesta_a_disposicion', jc, { autoridad: { tipo: 'juez_control', nombre: `Juzgado de Control, ${city}` }, lugar: `Centro Penitenciario, ${city}` });
          if (rnd() < 0.7) add('cambio_situacion_juridica', jc + between(48, 140) * H, { situacion: rnd() < 0.6 ? 'vinculacion_a_proceso' : 'prision_preventiva', descripcion: 'Resolución del juez de control' });
        } else if (x < 0.9) {
          add('libertad', puesta + between(6, 40) * H, { motivo: rnd() < 0.5 ? 'falta_de_elementos' : 'no_ejercicio_accion_penal' });
        }
      }
    }
    const doc = normaliseRegistration(input, actor);
    await lookups.load(db, [{ codes: doc.offence_codes, entidad, municipio: doc.lugar.municipio ?? null, institutionId: doc.autoridad_detencion.institution_id }]);
    const issues = checkDocument(doc, actor, lookups, now, { rules: DETENTION_RULES });
    if (issues.length) throw new Error(`demo detention ${n} is invalid: ${JSON.stringify(issues)}`);
    const prepared = prepareRow(doc, { source: 'demo', external_id: input.external_id!, recorder: recorderOf(actor), received: registeredAt }, lookups);
    Object.assign(prepared.row, projectCustody(doc.lugar_traslado, events, prepared.row.extended_retention));
    items.push({ prepared, events });
  }

  let created = 0, eventCount = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    await registerPrepared(db, actor, chunk.map((c) => c.prepared), now, 'demo', async (trx, outcomes) => {
      const rows = outcomes.flatMap((o, k) => (o.status === 'created' ? chunk[k].events.map((e) => ({ o, e, persona: personPayload(chunk[k].prepared.row.data) })) : []));
      created += outcomes.filter((o) => o.status === 'created').length;
      eventCount += rows.length;
      if (!rows.length) return [];
      await trx.insertInto('detention_events').values(rows.map(({ o, e }) => ({
        entidad: o.entidad, detention_id: o.id, seq: e.seq, tipo: e.tipo, ocurrido_at: e.ocurrido_at, recorded_at: new Date(Math.min(e.ocurrido_at.getTime() + 10 * MIN, now.getTime())),
        recorded_by: JSON.stringify(recorderOf(actor)), external_id: null, data: JSON.stringify(e.data),
      }))).execute();
      const core = trx as unknown as Transaction<CoreTables>;
      await emitEvents(core, rows.map(({ o, e, persona }) => ({ type: 'detention.custody_event', entidad: o.entidad, aggregateType: 'detention', aggregateId: o.folio, payload: { id: o.id, folio: o.folio, entidad: o.entidad, event: { seq: e.seq, tipo: e.tipo, ocurrido_at: e.ocurrido_at.toISOString(), ...e.data }, persona } })));
      // Synthetic history: one audit row per chunk of custody events (each registration has its own row already).
      return [{ action: 'detention.demo_events_loaded', entityType: 'detention', details: { events: rows.length, detentions: new Set(rows.map((r) => r.o.folio)).size } }];
    });
  }
  return { summary: `${created} detenciones SINTÉTICAS (source 'demo') con ${eventCount} eventos de custodia en ${states.length} entidades${offences.length ? '' : ' (sin claves de delito: catálogo vacío)'}` };
}
