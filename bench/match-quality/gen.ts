/**
 * Deterministic generator of labelled person pairs for the match-quality benchmark (see README.md for every
 * kind). Writes bench/match-quality/pairs.ndjson: one `{a, b, label, kind, split}` per line.
 * Run: npx tsx bench/match-quality/gen.ts [--seed 20240611] [--per-kind 90]
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCurp } from '../../src/matching/curp.js';
import { mulberry32 } from '../../src/core/random.js';

type Sex = 'H' | 'M';
type Split = 'dev' | 'heldout';

interface Person {
  given: string[]; // words of the given names, with accents ("José", "Luis") – particles kept ("María de los Ángeles")
  paterno: string;
  materno: string | null;
  sexo: Sex;
  fecha: string; // YYYY-MM-DD
  estado: string;
  curp: string;
  alias: string[];
}

type PersonRecord = {
  nombre?: string;
  apellido_paterno?: string;
  apellido_materno?: string;
  nombre_completo?: string;
  alias?: string[];
  curp?: string;
  fecha_nacimiento?: string;
  sexo?: string;
};

const args = process.argv.slice(2);
const argOf = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SEED = argOf('--seed', 20240611);
const PER_KIND = argOf('--per-kind', 90);

/* ------------------------------------------------------------------ PRNG */

const rnd = mulberry32(SEED);
const chance = (p: number) => rnd() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

function weighted<T>(xs: readonly T[], exponent = 0.9): () => T {
  const w = xs.map((_, i) => 1 / Math.pow(i + 3, exponent));
  const total = w.reduce((s, x) => s + x, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const x of w) cum.push((acc += x / total));
  return () => {
    const r = rnd();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo];
  };
}

/* ------------------------------------------------------------------ name distributions */

// Surnames roughly in order of frequency in Mexico (RENAPO / INEGI rankings); drawn with Zipf-like weights.
const SURNAMES = [
  'Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz',
  'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza',
  'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos',
  'Domínguez', 'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz', 'Rojas', 'Contreras',
  'Salazar', 'Luna', 'Ortega', 'Santiago', 'Guerrero', 'Bautista', 'Estrada', 'de la Cruz', 'de León', 'Cortés',
  'Soto', 'Alvarado', 'Navarro', 'Cervantes', 'Salas', 'Ríos', 'Delgado', 'Vega', 'Sandoval', 'Carrillo', 'Lara',
  'Campos', 'Ávila', 'Fernández', 'Acosta', 'Robles', 'Molina', 'Pacheco', 'Núñez', 'Espinoza', 'Cabrera', 'Solís',
  'Camacho', 'Silva', 'Valdez', 'Figueroa', 'Ibarra', 'Valencia', 'Corona', 'Miranda', 'Márquez', 'Trejo',
  'Fuentes', 'Leyva', 'Zamora', 'Esquivel', 'Ponce', 'Padilla', 'Mejía', 'Rosas', 'Orozco', 'Rosales', 'Becerra',
  'Villanueva', 'Gallegos', 'Zúñiga', 'Durán', 'Tapia', 'Maldonado', 'Rangel', 'Cárdenas', 'Ochoa', 'Macías',
  'Meza', 'Ávalos', 'Barrera', 'Lugo', 'Arellano', 'Beltrán', 'Peña', 'Olvera', 'Sosa', 'Zapata', 'Nava',
  'Gallardo', 'Escobar', 'Serrano', 'Palacios', 'Salinas', 'Aguirre', 'Valdés', 'Rocha', 'Montes', 'Marín',
  'Arias', 'Galván', 'Córdova', 'Garza', 'Treviño', 'Villarreal', 'de los Santos', 'del Ángel', 'de la Rosa',
  'Quintero', 'Bravo', 'Huerta', 'Pineda', 'Velasco', 'Mora', 'Cuevas', 'Cisneros', 'Arroyo', 'Calderón', 'Tovar',
];
// Rarer surnames outside the product's reference list, disjoint between the splits (held-out sees names the
// tuning never saw).
const RARE_SURNAMES: Record<Split, string[]> = {
  dev: ['Arriaga', 'Bañuelos', 'Cházaro', 'Echeverría', 'Goytia', 'Iturbide', 'Lizárraga', 'Quintanilla', 'Huitrón', 'Tzompa', 'Xochipa', 'Ceballos', 'Dorantes', 'Elizondo', 'Frausto', 'Gamboa', 'Hinojosa', 'Jaramillo', 'Landeros', 'Mireles'],
  heldout: ['Nolasco', 'Olmos', 'Pantoja', 'Quiñones', 'Rentería', 'Sepúlveda', 'Tinajero', 'Urquiza', 'Villaseñor', 'Yáñez', 'Zavaleta', 'Alcaraz', 'Balderas', 'Carbajal', 'Degollado', 'Escalante', 'Gaytán', 'Hidalgo', 'Izquierdo', 'Mondragón'],
};

const MALE_SIMPLE = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'Antonio', 'Francisco', 'Alejandro', 'Miguel', 'Pedro', 'Manuel',
  'Jorge', 'Ricardo', 'Roberto', 'Alberto', 'Fernando', 'Eduardo', 'Javier', 'Rafael', 'Daniel', 'Sergio', 'Arturo',
  'David', 'Mario', 'Raúl', 'Enrique', 'Guillermo', 'Óscar', 'Víctor', 'Ramón', 'Ángel', 'Alfredo', 'Gerardo',
  'Héctor', 'Ignacio', 'Salvador', 'Alfonso', 'Ernesto', 'Gonzalo', 'Gregorio', 'Santiago', 'Vicente', 'Armando',
  'Adrián', 'Andrés', 'Martín', 'Jaime', 'Rubén', 'Hugo', 'Pablo', 'Gustavo', 'Octavio', 'Rodolfo', 'Gabriel',
  'César', 'Julio', 'Agustín', 'Ismael', 'Abraham', 'Benjamín', 'Tomás', 'Felipe', 'Esteban', 'Emilio', 'Mauricio',
  'Omar', 'Israel', 'Saúl', 'Uriel', 'Humberto', 'Refugio', 'Eleazar', 'Iván', 'Édgar', 'Érick', 'Diego', 'Leonardo',
];
const MALE_COMPOUND = [
  'José Luis', 'Juan Carlos', 'José Antonio', 'Miguel Ángel', 'Juan Manuel', 'José Manuel', 'Luis Alberto',
  'Jorge Alberto', 'Juan José', 'José Guadalupe', 'José de Jesús', 'Jesús Alberto', 'Francisco Javier',
  'Juan Antonio', 'Carlos Alberto', 'José Alfredo', 'Luis Fernando', 'José Francisco', 'Víctor Manuel',
  'José Ramón', 'José María', 'Juan Pablo', 'José Eduardo', 'Luis Enrique', 'Marco Antonio', 'José Alberto',
  'Juan Francisco', 'José Roberto', 'Jesús Manuel', 'Luis Miguel',
];
const FEMALE_SIMPLE = [
  'María', 'Guadalupe', 'Rosa', 'Ana', 'Juana', 'Leticia', 'Patricia', 'Elizabeth', 'Verónica', 'Gabriela', 'Silvia',
  'Alejandra', 'Adriana', 'Martha', 'Claudia', 'Teresa', 'Laura', 'Yolanda', 'Araceli', 'Margarita', 'Rocío',
  'Rosario', 'Mercedes', 'Consuelo', 'Concepción', 'Dolores', 'Graciela', 'Isabel', 'Josefina', 'Alicia', 'Carmen',
  'Elena', 'Fernanda', 'Daniela', 'Andrea', 'Mónica', 'Norma', 'Sandra', 'Lorena', 'Beatriz', 'Esther', 'Irma',
  'Susana', 'Lucía', 'Lourdes', 'Cristina', 'Francisca', 'Paulina', 'Marcela', 'Cecilia', 'Diana', 'Gloria',
  'Karla', 'Liliana', 'Miriam', 'Sofía', 'Valeria', 'Ximena', 'Jimena', 'Yesenia', 'Brenda', 'Erika',
];
const FEMALE_COMPOUND = [
  'María Guadalupe', 'María del Carmen', 'María Elena', 'María de los Ángeles', 'María de Jesús', 'María Isabel',
  'María Teresa', 'María Luisa', 'María Eugenia', 'María Soledad', 'Ana María', 'María José', 'María Fernanda',
  'Rosa María', 'Martha Alicia', 'María Concepción', 'María Dolores', 'Ana Laura', 'Claudia Patricia',
  'María del Rosario', 'María de Lourdes', 'María Cristina', 'Laura Elena', 'Ana Karen', 'María Alejandra',
];
const RARE_GIVEN: Record<Split, { H: string[]; M: string[] }> = {
  dev: { H: ['Eustaquio', 'Anacleto', 'Cleofas', 'Wenceslao', 'Yahir', 'Abundio', 'Evodio', 'Filiberto'], M: ['Kenia', 'Dayana', 'Nayeli', 'Xóchitl', 'Citlali', 'Yatziri', 'Abril', 'Itzel'] },
  heldout: { H: ['Telésforo', 'Gaudencio', 'Hermenegildo', 'Jovani', 'Maximino', 'Nazario', 'Rigoberto', 'Tranquilino'], M: ['Anahí', 'Belén', 'Guillermina', 'Jazmín', 'Maribel', 'Nohemí', 'Yareli', 'Zoila'] },
};

const ALIASES = ['El Flaco', 'El Gordo', 'El Güero', 'El Chino', 'El Negro', 'El Pelón', 'El Chaparro', 'El Tuerto', 'El Cholo', 'El Diablo', 'El Gallo', 'El Tigre', 'El Mudo', 'El Loco', 'El Güero Palma', 'La Güera', 'La Flaca', 'La Chata', 'La Negra', 'El Pollo', 'El Zurdo', 'El Alacrán', 'El Charro', 'El Compa', 'El Pariente'];

const NICKNAMES: Record<string, string[]> = {
  José: ['Pepe', 'Chepe'], Jesús: ['Chuy', 'Chucho'], Francisco: ['Paco', 'Pancho'], Guillermo: ['Memo'],
  Ignacio: ['Nacho'], Antonio: ['Toño'], Alberto: ['Beto'], Roberto: ['Beto'], Humberto: ['Beto'], Eduardo: ['Lalo'],
  Enrique: ['Quique'], Salvador: ['Chava'], Guadalupe: ['Lupe', 'Lupita'], Graciela: ['Chela'], Marcela: ['Chela'],
  Concepción: ['Concha', 'Chona'], Dolores: ['Lola'], Alfonso: ['Poncho'], Ernesto: ['Neto'], Gonzalo: ['Chalo'],
  Gregorio: ['Goyo'], Refugio: ['Cuco'], Santiago: ['Chago'], Vicente: ['Chente'], Isabel: ['Chavela'],
  Josefina: ['Chepina'], Alicia: ['Licha'], Margarita: ['Mago'], Rocío: ['Chío'], Rosario: ['Charo', 'Chayo'],
  Mercedes: ['Meche'], Consuelo: ['Chelo'], Rafael: ['Rafa'], Teresa: ['Tere'], Patricia: ['Paty'], Leticia: ['Lety'],
  Fernando: ['Nando'], Manuel: ['Manolo'], Gustavo: ['Tavo'], Rodolfo: ['Fito'], Gabriela: ['Gaby'],
};
const COMPOUND_NICKNAMES: Record<string, string> = { 'José María': 'Chema', 'María Eugenia': 'Maru', 'María Luisa': 'Marisa', 'María Soledad': 'Marisol' };

const STATES = ['AS', 'BC', 'BS', 'CC', 'CL', 'CM', 'CS', 'CH', 'DF', 'DG', 'GT', 'GR', 'HG', 'JC', 'MC', 'MN', 'MS', 'NT', 'NL', 'OC', 'PL', 'QT', 'QR', 'SP', 'SL', 'SR', 'TC', 'TS', 'TL', 'VZ', 'YN', 'ZS'];

const drawSurname = weighted(SURNAMES);
const drawMaleSimple = weighted(MALE_SIMPLE, 0.7);
const drawFemaleSimple = weighted(FEMALE_SIMPLE, 0.7);
const drawMaleCompound = weighted(MALE_COMPOUND, 0.7);
const drawFemaleCompound = weighted(FEMALE_COMPOUND, 0.7);

let split: Split = 'dev';

function surname(): string {
  return chance(0.12) ? pick(RARE_SURNAMES[split]) : drawSurname();
}
function givenFor(sexo: Sex): string[] {
  if (chance(0.08)) return [pick(RARE_GIVEN[split][sexo])];
  const compound = chance(0.4);
  const g = sexo === 'H' ? (compound ? drawMaleCompound() : drawMaleSimple()) : compound ? drawFemaleCompound() : drawFemaleSimple();
  return g.split(' ');
}
function date(fromYear = 1955, toYear = 2006): string {
  const y = int(fromYear, toYear);
  const m = int(1, 12);
  const d = int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
const givenText = (g: string[]) => g.join(' ');

function curpOf(p: Omit<Person, 'curp' | 'alias'>, dis?: string): string {
  return buildCurp({ nombre: givenText(p.given), apellido_paterno: p.paterno, apellido_materno: p.materno, fecha_nacimiento: p.fecha, sexo: p.sexo, entidad_nacimiento: p.estado }, dis);
}

function person(over: Partial<Person> = {}): Person {
  const sexo = over.sexo ?? (chance(0.82) ? 'H' : 'M'); // detainee-like population, mostly men
  const base = {
    given: over.given ?? givenFor(sexo),
    paterno: over.paterno ?? surname(),
    materno: over.materno !== undefined ? over.materno : chance(0.96) ? surname() : null,
    sexo,
    fecha: over.fecha ?? date(),
    estado: over.estado ?? pick(STATES),
  };
  return { ...base, curp: over.curp ?? curpOf(base), alias: over.alias ?? (chance(0.15) ? [pick(ALIASES)] : []) };
}

/* ------------------------------------------------------------------ rendering and perturbation */

const stripAccents = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
const title = (s: string) => s.toLowerCase().replace(/(^|[\s.-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

/** How one record writes text: police forms are mostly uppercase without accents. */
function styler(): (s: string) => string {
  const r = rnd();
  const accents = chance(0.4);
  if (r < 0.6) return (s) => (accents ? s.toUpperCase() : stripAccents(s).toUpperCase());
  if (r < 0.9) return (s) => (accents ? title(s) : stripAccents(title(s)));
  return (s) => (accents ? s.toLowerCase() : stripAccents(s).toLowerCase());
}

interface RenderOpts {
  layout?: 'fields' | 'nombres-apellidos' | 'apellidos-nombres';
  fecha?: boolean;
  sexo?: boolean;
  curp?: boolean;
  alias?: boolean;
}

function render(p: Person, o: RenderOpts = {}): PersonRecord {
  const st = styler();
  const layout = o.layout ?? (chance(0.5) ? 'fields' : chance(0.5) ? 'nombres-apellidos' : 'apellidos-nombres');
  const r: PersonRecord = {};
  const g = givenText(p.given);
  if (layout === 'fields') {
    r.nombre = st(g);
    r.apellido_paterno = st(p.paterno);
    if (p.materno) r.apellido_materno = st(p.materno);
  } else {
    const sur = [p.paterno, p.materno].filter(Boolean).join(' ');
    r.nombre_completo = st(layout === 'nombres-apellidos' ? `${g} ${sur}` : `${sur} ${g}`);
  }
  if (o.fecha ?? chance(0.5)) r.fecha_nacimiento = p.fecha;
  if (o.sexo ?? chance(0.6)) r.sexo = p.sexo;
  if (o.curp ?? chance(0.25)) r.curp = chance(0.1) ? p.curp.toLowerCase() : p.curp;
  if ((o.alias ?? chance(0.7)) && p.alias.length) r.alias = p.alias.map((a) => (chance(0.5) ? a.toUpperCase() : `alias ${a}`));
  return r;
}

const SPELLING_RULES: [RegExp, string][] = [
  [/v/g, 'b'], [/b/g, 'v'], [/z/g, 's'], [/s(?=[ei])/g, 'c'], [/c(?=[ei])/g, 's'], [/ll/g, 'y'], [/y(?=[aeiou])/g, 'll'],
  [/^h/g, ''], [/^([aeiou])/g, 'h$1'], [/x/g, 'j'], [/j/g, 'x'], [/gue/g, 'ge'], [/gui/g, 'gi'], [/qu/g, 'k'],
  [/ñ/g, 'n'], [/z$/g, 's'], [/s$/g, 'z'], [/rr/g, 'r'], [/ge/g, 'je'], [/gi/g, 'ji'], [/mb/g, 'nb'],
];

/** A plausible Spanish misspelling of one word (b/v, s/z/c, y/ll, h, x/j, gue/ge, qu/k…), or null. */
function spellingVariant(word: string): string | null {
  const lower = stripAccents(word.toLowerCase());
  const rules = SPELLING_RULES.filter(([re]) => { re.lastIndex = 0; return re.test(lower); });
  if (!rules.length) return null;
  const [re, rep] = pick(rules);
  re.lastIndex = 0;
  const out = lower.replace(re, rep);
  return out === lower ? null : title(out);
}

const KEYBOARD = 'qwertyuiopasdfghjklzxcvbnm';
/** One-character typo: substitution, deletion, insertion or adjacent transposition (not the first letter). */
function typo(word: string): string {
  const w = stripAccents(word);
  if (w.length < 4) return w + pick(['a', 'e', 'o']);
  const i = chance(0.15) ? 0 : int(1, w.length - 1);
  const op = int(0, 3);
  const c = pick([...KEYBOARD]);
  if (op === 0) return w.slice(0, i) + c + w.slice(i + 1);
  if (op === 1) return w.slice(0, i) + w.slice(i + 1);
  if (op === 2) return w.slice(0, i) + c + w.slice(i);
  return i < w.length - 1 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i - 1) + w[i] + w[i - 1];
}

const ABBREV: Record<string, string[]> = { María: ['Ma.', 'Ma', 'MA.'], José: ['J.', 'Jose'], Francisco: ['Fco.', 'Fco'], Guadalupe: ['Gpe.', 'Gpe'], Jesús: ['J.'] };

type Perturb = (p: Person) => Person | null;
const clone = (p: Person): Person => ({ ...p, given: [...p.given], alias: [...p.alias] });

const perturb: { [k: string]: Perturb } = {
  nickname: (p) => {
    const q = clone(p);
    const g = givenText(p.given);
    if (COMPOUND_NICKNAMES[g]) return { ...q, given: [COMPOUND_NICKNAMES[g]] };
    const idx = p.given.map((w, i) => (NICKNAMES[w] ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) return null;
    const i = pick(idx);
    const nick = pick(NICKNAMES[p.given[i]]);
    // People called by a nickname usually drop the rest of a compound ("José Luis" → "Pepe Luis" is rare).
    q.given = chance(0.7) ? [nick] : p.given.map((w, j) => (j === i ? nick : w));
    if (q.given.length === 1 && p.given.length > 1 && p.given[i] === 'José' && p.given.length === 2) q.given = [nick];
    return q;
  },
  compound_short: (p) => {
    const parts = p.given.filter((w) => !/^(de|del|la|los|las)$/i.test(w));
    if (parts.length < 2) return null;
    const q = clone(p);
    const generic = parts[0] === 'María' || parts[0] === 'José';
    const keepFirst = generic ? chance(0.15) : chance(0.4);
    if (keepFirst) q.given = [parts[0]];
    else {
      const i = p.given.indexOf(parts[1]);
      q.given = p.given.slice(i);
      if (q.given.length > 1 && chance(0.6)) q.given = [parts[parts.length - 1]];
    }
    return q;
  },
  abbreviation: (p) => {
    const idx = p.given.map((w, i) => (ABBREV[w] ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) return null;
    const q = clone(p);
    const i = pick(idx);
    q.given[i] = pick(ABBREV[p.given[i]]);
    return q;
  },
  spelling: (p) => {
    const q = clone(p);
    const slots = ['paterno', 'materno', 'given'].filter((s) => s !== 'materno' || p.materno);
    for (let tries = 0; tries < 6; tries++) {
      const slot = pick(slots);
      if (slot === 'given') {
        const i = int(0, p.given.length - 1);
        const v = spellingVariant(p.given[i]);
        if (v && p.given[i].length > 3) { q.given[i] = v; return q; }
      } else {
        const words = (slot === 'paterno' ? p.paterno : p.materno!).split(' ');
        const i = words.length - 1;
        const v = spellingVariant(words[i]);
        if (v) { words[i] = v; slot === 'paterno' ? (q.paterno = words.join(' ')) : (q.materno = words.join(' ')); return q; }
      }
    }
    return null;
  },
  typo: (p) => {
    const q = clone(p);
    const slot = pick(['paterno', 'materno', 'given', 'given'].filter((s) => s !== 'materno' || p.materno));
    if (slot === 'given') {
      const i = int(0, p.given.length - 1);
      if (/^(de|del|la|los|las)$/i.test(p.given[i]) || p.given[i].length < 4) return null;
      q.given[i] = typo(p.given[i]);
    } else {
      const words = (slot === 'paterno' ? p.paterno : p.materno!).split(' ');
      words[words.length - 1] = typo(words[words.length - 1]);
      slot === 'paterno' ? (q.paterno = words.join(' ')) : (q.materno = words.join(' '));
    }
    return q;
  },
  missing_materno: (p) => (p.materno ? { ...clone(p), materno: null } : null),
};

/* ------------------------------------------------------------------ pair kinds */

interface Pair { a: PersonRecord; b: PersonRecord; label: 0 | 1; kind: string }
type Maker = () => Pair | null;

const pos = (kind: string, a: PersonRecord, b: PersonRecord): Pair => ({ a, b, label: 1, kind });
const neg = (kind: string, a: PersonRecord, b: PersonRecord): Pair => ({ a, b, label: 0, kind });

/** Identifiers for two records of one person: copied from the person, so they always agree. */
const ids = () => ({ fecha: chance(0.45), sexo: chance(0.6), curp: chance(0.2) });

function variantPair(kind: string, fns: Perturb[], layoutB?: RenderOpts['layout']): Maker {
  return () => {
    const p = person();
    let q: Person | null = p;
    for (const f of fns) {
      q = f(q!);
      if (!q) return null;
    }
    return pos(kind, render(p, ids()), render(q!, { ...ids(), layout: layoutB }));
  };
}

/** A different given name for a sibling: no shared distinctive part, not a subset (José ≠ José Luis). */
function siblingGiven(g: string[], sexo: Sex): string[] {
  for (let i = 0; i < 50; i++) {
    const h = givenFor(sexo);
    const core = (x: string[]) => x.filter((w) => !/^(de|del|la|los|las|María|José)$/.test(w));
    const cg = core(g);
    const ch = core(h);
    if (ch.some((w) => cg.includes(w))) continue;
    if (h.every((w) => g.includes(w)) || g.every((w) => h.includes(w))) continue;
    if (stripAccents(givenText(h)).slice(0, 4) === stripAccents(givenText(g)).slice(0, 4) && chance(0.5)) continue;
    return h;
  }
  return givenFor(sexo);
}

const DISAMBIG = '0123456789';

const KINDS: { [kind: string]: Maker } = {
  // ---- positives
  pos_format: variantPair('pos_format', []),
  pos_order: () => {
    const p = person();
    return pos('pos_order', render(p, { ...ids(), layout: chance(0.5) ? 'fields' : 'nombres-apellidos' }), render(p, { ...ids(), layout: 'apellidos-nombres' }));
  },
  pos_missing_materno: variantPair('pos_missing_materno', [perturb.missing_materno]),
  pos_compound_short: variantPair('pos_compound_short', [perturb.compound_short]),
  pos_nickname: variantPair('pos_nickname', [perturb.nickname]),
  pos_abbreviation: variantPair('pos_abbreviation', [perturb.abbreviation]),
  pos_spelling: variantPair('pos_spelling', [perturb.spelling]),
  pos_typo: variantPair('pos_typo', [perturb.typo]),
  pos_two_changes: () => {
    const fns = [perturb.spelling, perturb.typo, perturb.nickname, perturb.missing_materno, perturb.compound_short, perturb.abbreviation];
    const f1 = pick(fns);
    let f2 = pick(fns);
    while (f2 === f1) f2 = pick(fns);
    return variantPair('pos_two_changes', [f1, f2])();
  },
  pos_three_changes: () => {
    // The hardest positives: three independent changes (spelling, typo, nickname, missing materno, shortening…).
    const fns = [perturb.spelling, perturb.typo, perturb.nickname, perturb.missing_materno, perturb.compound_short, perturb.abbreviation];
    const chosen = new Set<Perturb>();
    while (chosen.size < 3) chosen.add(pick(fns));
    return variantPair('pos_three_changes', [...chosen])();
  },
  pos_curp_typo: () => {
    // Both records carry the CURP, one with a mistyped character (so its check digit fails).
    const p = person();
    const i = int(4, 16);
    const alphabet = '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
    let bad = p.curp;
    while (bad === p.curp) bad = p.curp.slice(0, i) + pick([...alphabet]) + p.curp.slice(i + 1);
    const q = chance(0.5) ? perturb.spelling(p) ?? p : p;
    const b = render(q, { curp: false, fecha: chance(0.3) });
    b.curp = bad;
    return pos('pos_curp_typo', render(p, { curp: true }), b);
  },
  pos_alias_shared: () => {
    const p = person({ alias: [pick(ALIASES)] });
    const q = chance(0.5) ? perturb.nickname(p) ?? perturb.spelling(p) ?? p : perturb.missing_materno(p) ?? p;
    return pos('pos_alias_shared', render(p, { ...ids(), alias: true }), render(q, { ...ids(), alias: true }));
  },
  pos_alias_name: () => {
    // The person was booked once under another name, recorded as an alias of the other record.
    const p = person();
    const other = person({ sexo: p.sexo });
    const a = render(p, ids());
    a.alias = [...(a.alias ?? []), `${givenText(other.given)} ${other.paterno}${other.materno ? ` ${other.materno}` : ''}`];
    const b = render({ ...other, fecha: p.fecha, curp: p.curp }, { fecha: chance(0.3), sexo: chance(0.5), curp: false, alias: false });
    return pos('pos_alias_name', a, b);
  },
  pos_birthdate_error: () => {
    const p = person();
    const [y, m, d] = p.fecha.split('-');
    let wrong: string;
    const r = rnd();
    if (r < 0.5 && Number(d) <= 12 && d !== m) wrong = `${y}-${d}-${m}`;
    else if (r < 0.8 || Number(d) > 12) wrong = `${Number(y) + (chance(0.5) ? 1 : -1)}-${m}-${d}`;
    else wrong = `${y}-${m}-${d[0]}${pick([...'123456789'].filter((c) => c !== d[1] && Number(d[0] + c) <= 28))}`;
    if (wrong === p.fecha) return null;
    const q = { ...clone(p), fecha: wrong };
    return pos('pos_birthdate_error', render(p, { fecha: true, curp: false }), render(chance(0.5) ? q : perturb.spelling(q) ?? q, { fecha: true, curp: false }));
  },
  pos_curp_evidence: () => {
    // One record has only the CURP, the other only a birth date and sex; names vary.
    const p = person();
    const q = pick([perturb.nickname, perturb.compound_short, perturb.missing_materno, perturb.typo])(p) ?? p;
    return pos('pos_curp_evidence', render(p, { curp: true, fecha: false, sexo: false }), render(q, { curp: false, fecha: true, sexo: true }));
  },
  // ---- negatives
  neg_random: () => {
    const p = person();
    return neg('neg_random', render(p, ids()), render(person(), ids()));
  },
  neg_same_given: () => {
    const p = person();
    const q = person({ given: p.given, sexo: p.sexo });
    return neg('neg_same_given', render(p, ids()), render(q, ids()));
  },
  neg_sibling: () => {
    const p = person();
    const sexo: Sex = chance(0.6) ? p.sexo : p.sexo === 'H' ? 'M' : 'H';
    const twin = chance(0.1);
    const q = person({ paterno: p.paterno, materno: p.materno, sexo, given: siblingGiven(p.given, sexo), fecha: twin ? p.fecha : date(), estado: p.estado });
    return neg('neg_sibling', render(p, ids()), render(q, ids()));
  },
  neg_sibling_shared_first: () => {
    // José Luis / José Antonio, María Guadalupe / María Elena: same first part, different second part.
    const sexo: Sex = chance(0.5) ? 'H' : 'M';
    const pool = (sexo === 'H' ? MALE_COMPOUND : FEMALE_COMPOUND).filter((g) => /^(José|María|Juan|Luis) /.test(g));
    const g1 = pick(pool);
    const g2 = pick(pool.filter((g) => g.split(' ')[0] === g1.split(' ')[0] && g !== g1));
    if (!g2) return null;
    const p = person({ sexo, given: g1.split(' ') });
    const q = person({ sexo, given: g2.split(' '), paterno: p.paterno, materno: p.materno, estado: p.estado });
    return neg('neg_sibling_shared_first', render(p, ids()), render(q, ids()));
  },
  neg_cousin: () => {
    const p = person({ materno: surname() });
    let materno = surname();
    while (materno === p.materno) materno = surname();
    const q = person({ given: p.given, paterno: p.paterno, materno, sexo: p.sexo });
    return neg('neg_cousin', render(p, ids()), render(q, ids()));
  },
  neg_other_paterno: () => {
    const p = person();
    let paterno = surname();
    while (paterno === p.paterno) paterno = surname();
    const q = person({ given: p.given, paterno, materno: p.materno, sexo: p.sexo });
    return neg('neg_other_paterno', render(p, ids()), render(q, ids()));
  },
  neg_homonym_birthdate: () => {
    // Same name (often father and son, or unrelated homonyms); both records carry a birth date.
    const p = person();
    const fecha = chance(0.3) ? date(Number(p.fecha.slice(0, 4)) + 18, Number(p.fecha.slice(0, 4)) + 35) : date();
    if (fecha === p.fecha) return null;
    const q = person({ given: p.given, paterno: p.paterno, materno: p.materno, sexo: p.sexo, fecha });
    return neg('neg_homonym_birthdate', render(p, { fecha: true, curp: chance(0.2) }), render(q, { fecha: true, curp: false }));
  },
  neg_homonym_curp: () => {
    // Same name, both with a CURP; sometimes the same birth date too (then the CURPs differ in state or
    // disambiguation character, as RENAPO assigns them).
    const p = person();
    const sameDay = chance(0.4);
    const base = { given: p.given, paterno: p.paterno, materno: p.materno, sexo: p.sexo, fecha: sameDay ? p.fecha : date(), estado: sameDay && chance(0.5) ? p.estado : pick(STATES) };
    let curp = curpOf(base);
    if (curp === p.curp) curp = curpOf(base, Number(p.fecha.slice(0, 4)) < 2000 ? pick([...DISAMBIG.slice(1)]) : pick(['B', 'C', 'D']));
    const q = person({ ...base, curp });
    return neg('neg_homonym_curp', render(p, { curp: true, fecha: false }), render(q, { curp: true, fecha: chance(0.3) }));
  },
  neg_homonym_variant: () => {
    // A homonym whose name is also written differently (nickname, spelling, missing materno); dates differ.
    const p = person();
    const q0 = person({ given: p.given, paterno: p.paterno, materno: p.materno, sexo: p.sexo });
    const q = pick([perturb.nickname, perturb.spelling, perturb.missing_materno, perturb.compound_short])(q0) ?? q0;
    const withDate = chance(0.7);
    return neg('neg_homonym_variant', render(p, { fecha: withDate, curp: withDate ? chance(0.5) : true }), render({ ...q, curp: q0.curp }, { fecha: true, curp: chance(0.5) }));
  },
  neg_homonym_curp_vs_date: () => {
    // Same name; one record has only a CURP, the other only a birth date, which the CURP contradicts.
    const p = person();
    let fecha = date();
    while (fecha === p.fecha) fecha = date();
    const q = person({ given: p.given, paterno: p.paterno, materno: p.materno, sexo: p.sexo, fecha });
    return neg('neg_homonym_curp_vs_date', render(p, { curp: true, fecha: false }), render(q, { curp: false, fecha: true }));
  },
  neg_sex: () => {
    // Same surnames, given names that agree (unisex Guadalupe, Refugio, Jesús), different sex.
    const uni = pick([['José', 'Guadalupe'], ['Guadalupe'], ['Refugio'], ['Jesús'], ['María', 'de', 'Jesús'], ['Trinidad'], ['Rosario']]);
    const p = person({ sexo: 'H', given: uni });
    const qGiven = uni[0] === 'José' ? ['María', 'Guadalupe'] : uni[0] === 'María' ? ['Jesús'] : uni;
    const q = person({ sexo: 'M', given: qGiven, paterno: p.paterno, materno: p.materno });
    return neg('neg_sex', render(p, { sexo: true }), render(q, { sexo: true }));
  },
};

/* ------------------------------------------------------------------ output */

const out: string[] = [];
const counts: { [k: string]: number } = {};
for (const s of ['dev', 'heldout'] as Split[]) {
  split = s;
  for (const [kind, make] of Object.entries(KINDS)) {
    // Roughly balanced classes: 16 positive kinds at 0.8, 12 negative kinds at 1 (the two easy ones at 0.7).
    const n = Math.round(PER_KIND * (kind.startsWith('pos_') ? 0.8 : kind === 'neg_random' || kind === 'neg_same_given' ? 0.7 : 1));
    let made = 0;
    for (let guard = 0; made < n && guard < n * 20; guard++) {
      const pair = make();
      if (!pair) continue;
      if (pair.a && pair.b) {
        const [a, b] = chance(0.5) ? [pair.a, pair.b] : [pair.b, pair.a];
        out.push(JSON.stringify({ a, b, label: pair.label, kind: pair.kind, split: s }));
        counts[`${s}:${kind}`] = (counts[`${s}:${kind}`] ?? 0) + 1;
        made++;
      }
    }
  }
}
const file = path.join(import.meta.dirname, 'pairs.ndjson');
fs.writeFileSync(file, `${out.join('\n')}\n`);
console.log(`wrote ${out.length} pairs to ${path.relative(process.cwd(), file)} (seed ${SEED})`);
for (const [k, v] of Object.entries(counts)) if (k.startsWith('dev:')) console.log(`  ${k.slice(4).padEnd(28)} ${v} + ${counts[`heldout:${k.slice(4)}`] ?? 0}`);
