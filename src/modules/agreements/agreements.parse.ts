/**
 * Parser of the Conferencia Nacional de Secretarios de Seguridad Pública's acuerdos: prose records of one
 * session, tables of many sessions, transitory provisions, and documents with no formal acuerdos (press
 * releases). Output is plain JSON for the CLI (`sereno agreements parse FILE`) and other tools.
 *
 * Numbering: `number` is the integer of the document's own numbering (the ordinal word, "No." column or
 * identifier such as "05/XL/16" → 5); `ordinal` keeps that numbering as written ("Décimo Primero",
 * "DECIMOTERCERO", "05/XL/16"). A table's "Con." column is only cross-checked against it.
 *
 * Titles: the document's own (a table's "Título" column, the words after the ordinal in a heading such as
 * "PRIMERO. ORDEN DEL DÍA", or a short title before ".-"), as written minus a trailing period
 * (`title_source: "document"`). Otherwise derived from the text (`"derived"`): its first sentence, without
 * the customary subject ("Los integrantes de la Conferencia … acuerdan …" → "Acuerdan …"), cut at a word
 * boundary to at most 120 characters with "…".
 *
 * Text: paragraphs with whitespace collapsed, joined by a blank line ("\n\n"); paragraphs split by a page
 * break are rejoined; the ordinal and title are not repeated in it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { prepareText } from './parse-clean.js';
import { extractTimeExpressions, type DateReference, type DeadlinePhrase } from './parse-deadlines.js';
import { docxToText, DocxError } from './parse-docx.js';
import { entidadByCode, type Zone } from './parse-places.js';
import { readProse } from './parse-prose.js';
import { readDatePlace, readSessionHeader, readSessionName, type RawItem, type RawSession, type SessionInfo } from './parse-session.js';
import { groupRows, readTable } from './parse-table.js';
import { parseIso, type Ymd } from './parse-text.js';

export type { DeadlinePhrase, DateReference } from './parse-deadlines.js';

/** One acuerdo. */
export interface Agreement {
  number: number | null;
  ordinal: string;
  title: string;
  text: string;
  /** Explicit, forward-looking dates in the text (ISO), in order of appearance. */
  deadlines: string[];
  /** Every time expression: explicit dates, relative periods and recurrences. */
  deadline_phrases: DeadlinePhrase[];
  title_source: 'document' | 'derived';
  /** Dates the text gives as already past (earlier sessions, publications): context, not deadlines. */
  date_references: DateReference[];
  /** 1-based line of the input where the acuerdo starts. */
  line: number;
}

/** One transitory provision ("TRANSITORIOS — PRIMERO.- El presente …"). */
export interface Transitory {
  number: number | null;
  ordinal: string;
  text: string;
  deadlines: string[];
  deadline_phrases: DeadlinePhrase[];
  date_references: DateReference[];
  line: number;
}

export interface Session {
  name: string | null;
  date: string | null;
  end_date: string | null;
  place: string | null;
  /** Two-digit INEGI code of the entidad federativa. */
  entidad: string | null;
  zone: Zone | null;
  agreements: Agreement[];
  transitory: Transitory[];
}

export interface ParseResult { sessions: Session[]; warnings: string[] }

export interface ParseOptions {
  /** Name of the source file; used only when the text itself does not name the session or its date. */
  filename?: string;
  /**
   * ISO date that resolves dates written without a year when the document gives no session date (a
   * session's own date always takes precedence). It never becomes a session date.
   */
  referenceDate?: string;
}

const NO_AGREEMENTS = 'No se encontraron acuerdos formales en el documento (ordinales como «PRIMERO.», «ACUERDO 01/…» o una tabla con columnas No./Título/Contenido); no se generó ninguna sesión.';

/** Parses a document of the Conference into sessions and acuerdos. Never throws: problems become warnings. */
export function parseAgreements(text: string, opts: ParseOptions = {}): ParseResult {
  const warnings: string[] = [];
  try {
    return parse(typeof text === 'string' ? text : String(text ?? ''), opts, warnings);
  } catch (err) {
    warnings.push(`Error interno al analizar el documento; el resultado puede estar incompleto: ${(err as Error).message}`);
    return { sessions: [], warnings };
  }
}

function parse(text: string, opts: ParseOptions, warnings: string[]): ParseResult {
  let anchor: Ymd | null = null;
  if (opts.referenceDate) {
    anchor = parseIso(opts.referenceDate);
    if (!anchor) warnings.push(`La fecha de referencia '${opts.referenceDate}' no es una fecha ISO (AAAA-MM-DD); se ignoró.`);
  }
  const lines = prepareText(text);
  if (!lines.some((l) => l.text.trim())) return { sessions: [], warnings: [...warnings, 'El documento está vacío.'] };
  const odd = (text.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
  if (odd > 20 && odd / text.length > 0.02) warnings.push('El texto contiene muchos caracteres no válidos; ¿es un archivo binario o con otra codificación?');

  const proseWarnings: string[] = [];
  const prose = readProse(lines, anchor, proseWarnings);
  let raw = prose.sessions;
  const lone = raw.length === 1 && raw[0].agreements.length === 1 && !raw[0].transitory.length ? raw[0].agreements[0] : null;
  if (lone && !prose.marker && !/^[uú]nic[oa]$/i.test(lone.ordinal)) {
    proseWarnings.push(`Línea ${lone.line}: un solo párrafo numerado ('${lone.ordinal}') sin encabezado «ACUERDOS»; no se tomó como acuerdo formal.`);
    raw = [];
  }
  const table = readTable(lines);
  const count = (xs: RawSession[]) => xs.reduce((n, s) => n + s.agreements.length, 0);
  if (table) {
    const tableWarnings: string[] = [];
    const headerInfo = table.hasSessionColumn ? null : readSessionHeader(table.preamble, anchor);
    if (headerInfo?.fixed) tableWarnings.push(`Encabezado: '${headerInfo.fixed[0]}' se normalizó como '${headerInfo.fixed[1]}'.`);
    let info: SessionInfo | null = null;
    if (headerInfo) { const { fixed: _f, ...rest } = headerInfo; info = rest; }
    const fromTable = groupRows(table.rows, anchor, tableWarnings, info);
    if (count(fromTable) >= count(raw)) {
      if (count(raw)) tableWarnings.unshift(`El documento tiene acuerdos en prosa (${count(raw)}) y en tabla (${count(fromTable)}); se usaron los de la tabla.`);
      raw = fromTable;
      warnings.push(...tableWarnings);
    } else {
      warnings.push(`El documento tiene acuerdos en prosa (${count(raw)}) y en tabla (${count(fromTable)}); se usaron los de la prosa.`, ...proseWarnings);
    }
  } else warnings.push(...proseWarnings);
  for (const s of raw) {
    for (const list of [s.agreements, s.transitory]) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].text || list[i].title) continue;
        warnings.push(`Línea ${list[i].line}: '${list[i].ordinal}' no tiene título ni texto; se omitió.`);
        list.splice(i, 1);
      }
    }
  }
  raw = raw.filter((s) => s.agreements.length || s.transitory.length);
  if (!raw.length) {
    const mentions = /(?<![\p{L}])acuerd(?:o|os|a|an|aron)(?![\p{L}])/u.test(text);
    return { sessions: [], warnings: [...warnings, NO_AGREEMENTS + (mentions ? ' El texto menciona acuerdos en forma narrativa (¿comunicado o nota informativa?).' : '')] };
  }
  if (raw.length === 1 && opts.filename) fillFromFilename(raw[0].info, opts.filename, anchor, warnings);
  return { sessions: raw.map((s) => finishSession(s, anchor, warnings)), warnings };
}

function fillFromFilename(info: SessionInfo, filename: string, anchor: Ymd | null, warnings: string[]): void {
  const base = path.basename(filename).replace(/\.[a-z0-9]+$/i, '').replace(/[_+]+/g, ' ').replace(/(?<=\p{L})-(?=\p{L})/gu, ' ');
  if (!info.name) {
    const n = readSessionName(base);
    if (n) { info.name = n.name; info.zone ??= n.zone; warnings.push(`El nombre de la sesión se tomó del nombre del archivo: '${n.name}'.`); }
  }
  if (!info.date) {
    const dp = readDatePlace(base, anchor);
    if (dp.date) { info.date = dp.date; info.end_date = dp.end_date ?? null; warnings.push(`La fecha de la sesión se tomó del nombre del archivo: ${dp.date}.`); }
  }
}

function finishSession(s: RawSession, fallback: Ymd | null, warnings: string[]): Session {
  const info = s.info;
  const label = `Sesión '${info.name ?? (info.date ? `del ${info.date}` : 'sin nombre')}'`;
  if (!info.name) warnings.push(`${label}: no se identificó el nombre de la sesión.`);
  if (!info.date) warnings.push(`${label}: no se encontró la fecha de la sesión.`);
  if (!info.place && !info.entidad) warnings.push(`${label}: el documento no indica el lugar de la sesión.`);
  else if (!info.entidad) warnings.push(`${label}: no se reconoció la entidad del lugar '${info.place}'.`);
  if (!info.zone && info.entidad && info.name && /regional|zona|regi[oó]n/i.test(info.name)) {
    const e = entidadByCode(info.entidad);
    if (e) { info.zone = e.zone; warnings.push(`${label}: la zona (${e.zone}) se dedujo de la entidad de la sede (${e.name}).`); }
  }
  const anchor = (info.date ? parseIso(info.date) : null) ?? fallback;
  const agreements = s.agreements.map((it) => {
    const t = time(it, anchor, label, warnings);
    const title = it.title || deriveTitle(it.text);
    const text = it.text || it.title || '';
    if (!it.text) warnings.push(`${label}: el acuerdo ${it.ordinal} (línea ${it.line}) no tiene texto${it.title ? '; se usó su título' : ''}.`);
    return {
      number: it.number, ordinal: it.ordinal, title, text, deadlines: t.deadlines, deadline_phrases: t.phrases,
      title_source: it.title ? 'document' as const : 'derived' as const, date_references: t.references, line: it.line,
    };
  });
  const transitory = s.transitory.map((it) => {
    const text = [it.title, it.text].filter(Boolean).join('\n\n');
    const t = time({ ...it, text }, anchor, label, warnings);
    return { number: it.number, ordinal: it.ordinal, text, deadlines: t.deadlines, deadline_phrases: t.phrases, date_references: t.references, line: it.line };
  });
  checkNumbering(agreements, `${label}, acuerdos`, warnings);
  checkNumbering(transitory, `${label}, transitorios`, warnings);
  return { name: info.name, date: info.date, end_date: info.end_date, place: info.place, entidad: info.entidad, zone: info.zone, agreements, transitory };
}

function time(it: RawItem, anchor: Ymd | null, label: string, warnings: string[]) {
  const t = extractTimeExpressions(it.text, anchor);
  for (const u of t.unresolved) warnings.push(`${label}: en ${it.ordinal} (línea ${it.line}) la fecha '${u}' no indica el año y no hay fecha de sesión para deducirlo.`);
  return t;
}

function checkNumbering(items: { number: number | null; ordinal: string; line: number }[], label: string, warnings: string[]): void {
  let prev: { number: number; ordinal: string } | null = null;
  for (const it of items) {
    if (it.number === null) { warnings.push(`${label}: no se pudo leer el número de '${it.ordinal}' (línea ${it.line}).`); continue; }
    if (!prev && it.number !== 1) warnings.push(`${label}: la numeración empieza en ${it.ordinal} (${it.number}), no en 1.`);
    if (prev && it.number === prev.number) warnings.push(`${label}: el número ${it.number} ('${it.ordinal}', línea ${it.line}) está repetido.`);
    else if (prev && it.number !== prev.number + 1) warnings.push(`${label}: después de '${prev.ordinal}' (${prev.number}) sigue '${it.ordinal}' (${it.number}, línea ${it.line}); la numeración no es consecutiva.`);
    prev = { number: it.number, ordinal: it.ordinal };
  }
}

const ABBREVIATIONS = /(?:^|[\s(])(?:lic|ing|dr|dra|mtro|mtra|sr|sra|srta|gral|art|arts|no|num|núm|fr|frac|fracc|c|cd|edo|etc|pág|pag|sec|prof|q|ej|aprox|dip|sen|tel|ext)$/i;
const SUBJECT = /^(?:(?:los|las)\s+(?:integrantes|miembros|titulares|secretari[oa]s)|la\s+conferencia|el\s+pleno|este\s+[oó]rgano|esta\s+conferencia|la\s+asamblea)\b/i;
const VERB = /(?<![\p{L}])(?:se\s+comprometen|se\s+compromete|se\s+pronuncian|hacen\s+constar|toman\s+(?:conocimiento|nota)|toma\s+(?:conocimiento|nota)|acuerdan|acuerda|aprueban|aprueba|aprobamos|acordamos|reconocen|reconoce|solicitan|solicita|instruyen|instruye|coinciden|agradecen|agradece|agradecemos|manifiestan|manifiesta|refrendan|refrenda|condenan|condena|exhortan|exhorta|determinan|determina|designan|designa|validan|valida|instituyen|instituye|env[ií]an|resuelven|resuelve|emiten|emite|proponen|propone|convienen|establecen|establece)(?![\p{L}])/u;

/** Title derived from an acuerdo's text (see the module comment for the rule). */
export function deriveTitle(text: string): string {
  const para = (text.split(/\n\n/)[0] ?? '').trim();
  if (!para) return '';
  let end = para.length;
  for (const m of para.matchAll(/[.;](?=\s|$)/g)) {
    const before = para.slice(0, m.index);
    if (m[0] === '.' && (ABBREVIATIONS.test(before) || /\d$/.test(before) && /^\.\s*\d/.test(para.slice(m.index)))) continue;
    end = m.index;
    break;
  }
  let sentence = para.slice(0, end).trim();
  if (SUBJECT.test(sentence)) {
    const v = VERB.exec(sentence.slice(0, 240));
    if (v && v.index > 0) sentence = sentence.slice(v.index);
  }
  sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  if (sentence.length <= 120) return sentence;
  const cut = sentence.slice(0, 119);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > 60 ? cut.slice(0, sp) : cut).replace(/[\s,;:.(«"“-]+$/, '')}…`;
}

// ------------------------------------------------------------------------------------------------ CLI

const TEXT_EXT = new Set(['.txt', '.md', '.markdown', '.text', '.tsv']);
const UNSUPPORTED: Record<string, string> = {
  '.pdf': 'Los PDF no se leen directamente: conviértalo a texto (p. ej. «pdftotext -layout archivo.pdf») o a .docx.',
  '.doc': 'El formato .doc (Word 97-2003) no se admite: guárdelo como .docx o como texto (.txt).',
  '.odt': 'El formato .odt no se admite: guárdelo como .docx o como texto (.txt).',
  '.rtf': 'El formato .rtf no se admite: guárdelo como .docx o como texto (.txt).',
};

/** Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a warning. */
export function decodeText(buf: Buffer): { text: string; warning: string | null } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), warning: null };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), warning: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), warning: null };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(buf), warning: 'El archivo no está en UTF-8; se leyó como Windows-1252 (Latin-1).' };
  }
}

/**
 * `sereno agreements parse FILE`: reads a .txt, .md or .docx file and writes the ParseResult as JSON
 * (2-space indent) to `out`. Returns the exit code: 0 when the file was read (even with warnings or no
 * acuerdos), 2 when it cannot be read or its format is not supported (the reason goes to `opts.err`).
 */
export async function runAgreementsParse(file: string, out: NodeJS.WritableStream, opts: { err?: NodeJS.WritableStream; referenceDate?: string } = {}): Promise<number> {
  const err = opts.err ?? process.stderr;
  const ext = path.extname(file).toLowerCase();
  if (!TEXT_EXT.has(ext) && ext !== '.docx') {
    err.write(`Error: formato no admitido (${ext || 'sin extensión'}) en «${file}». ${UNSUPPORTED[ext] ?? 'Use un archivo .txt, .md o .docx.'}\n`);
    return 2;
  }
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err.write(`Error: no se pudo leer «${file}»: ${code === 'ENOENT' ? 'el archivo no existe' : code === 'EISDIR' ? 'es un directorio' : code === 'EACCES' ? 'sin permiso de lectura' : (e as Error).message}.\n`);
    return 2;
  }
  let text: string;
  const pre: string[] = [];
  if (ext === '.docx') {
    try {
      text = docxToText(buf);
    } catch (e) {
      err.write(`Error: no se pudo leer «${file}»: ${e instanceof DocxError ? e.message : `el .docx está dañado (${(e as Error).message})`}.\n`);
      return 2;
    }
  } else {
    const d = decodeText(buf);
    text = d.text;
    if (d.warning) pre.push(d.warning);
  }
  const result = parseAgreements(text, { filename: path.basename(file), referenceDate: opts.referenceDate });
  result.warnings.unshift(...pre);
  out.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
