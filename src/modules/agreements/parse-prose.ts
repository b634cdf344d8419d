/**
 * Acuerdos written as prose: a heading block (session, date, place), then items that open with an ordinal
 * ("PRIMERO. ORDEN DEL DÍA", "DÉCIMO TERCERO.- El …", "ACUERDO 05/XL/16.", "ÚNICO."), optionally a
 * "TRANSITORIOS" section, and a closing ("Así lo acordaron …"). A numbering that restarts at PRIMERO after
 * a new heading block opens a new session.
 */
import { decodeEntities, joinBrokenParagraphs, stripMarkdown, type SourceLine } from './parse-clean.js';
import { readSessionHeader, readSessionName, type RawItem, type RawSession, type SessionInfo } from './parse-session.js';
import { findDates, fold, ORDINAL_WORD_RE, parseOrdinal, squash, upperRatio, type Ymd } from './parse-text.js';

interface Para { lines: string[]; line: number }
type Section = 'header' | 'acuerdos' | 'transitory' | 'closing';
interface BuildingItem {
  start: ItemStart;
  title: string | null;
  body: string[];
  line: number;
  /** A short mixed-case first line counts as a title only when text follows it. */
  titleOnlyIfBody?: boolean;
}
interface Building { info: SessionInfo; agreements: BuildingItem[]; transitory: BuildingItem[]; closing: string[] }

const ITEM_RE = new RegExp(
  `^(?:(acuerdo|transitorio|articulo|disposicion)s?[ ]+(?:(?:numero|num\\.?|no\\.?|n[°º])[ ]*)?)?` +
  `(${ORDINAL_WORD_RE}|\\d{1,3}(?:[ ]*/[ ]*[a-z0-9-]+)+|[a-z]{2,10}(?:/[a-z0-9-]+){2,}|\\d{1,3}|[ivxlc]{1,8}(?![a-z]))` +
  `(?:[ ]+(?:transitori[oa]|del? acuerdo))?` +
  `[ ]*(\\.[ ]*[-–—]+|[-–—]+|:|\\.(?!\\d)|\\))?[ ]*`,
);

interface ItemStart {
  ordinal: string;
  number: number;
  rest: string;
  prefix: string | null;
  /** A bare "1." opening, accepted only in numbered-list mode under an «ACUERDOS» heading. */
  bare: boolean;
}

/** Recognises the opening of an acuerdo in one line, or null. `bareNumbers` also accepts "1.", "2)". */
export function matchItemStart(text: string, bareNumbers = false): ItemStart | null {
  const f = fold(text);
  const m = ITEM_RE.exec(f);
  if (!m) return null;
  const prefix = m[1] ?? null;
  const tok = m[2];
  const punct = m[3] ?? '';
  const isWord = new RegExp(`^${ORDINAL_WORD_RE}`).test(tok);
  const isDigits = /^\d{1,3}$/.test(tok);
  const isRoman = /^[ivxlc]+$/.test(tok) && !isWord;
  const isId = tok.includes('/');
  const bare = !prefix && isDigits;
  if (bare && bareNumbers && punct && punct !== ':') {
    const n = Number(tok);
    return { ordinal: tok, number: n, rest: squash(text.slice(m[0].length)), prefix: null, bare: true };
  }
  if (!prefix) {
    if (!punct || punct === ')') return null;
    if (isDigits || isRoman) return null;
    if (isId && !/^[a-z]/.test(tok) && !/[-–—:]/.test(punct)) return null;
  } else if (!isWord && !isDigits && !isId && !isRoman) return null;
  const rest = text.slice(m[0].length);
  if (!prefix && isWord && punct === '.' && /^[a-zñ]/.test(rest)) return null;
  const start = m[0].indexOf(tok);
  const n = parseOrdinal(text.slice(start, start + tok.length));
  if (n === null) return null;
  return { ordinal: squash(text.slice(start, start + tok.length)), number: n, rest: squash(rest), prefix, bare: false };
}

const unspace = (t: string) => (/^(?:\p{L} )+\p{L}$/u.test(t) ? t.replace(/ /g, '') : t);
const isTransitoryMarker = (t: string) => /^(?:disposiciones|articulos|acuerdos)?[ ]*transitori[oa]s?[ ]*[.:]?$/.test(fold(unspace(squash(t))));
const isAcuerdosMarker = (t: string) => /^acuerdos?[ ]*[.:]?$/.test(fold(unspace(squash(t))));
const isClosing = (t: string) => /^(?:asi lo (?:acordaron|aprobaron|resolvieron|acuerdan)|firman|firmas|atentamente|lista de asistencia|anexos?(?:[ ]|$|:)|se levanta la sesion|no habiendo (?:otro|mas) asunto)/.test(fold(squash(t)));
const isPageArtifact = (t: string) => /^(?:p[aá]gina[ ]*)?\d{1,3}(?:[ ]*(?:de|\/)[ ]*\d{1,3})?$/i.test(squash(t)) || /^[-_=*]{3,}$/.test(squash(t));
const isTitleLike = (t: string) => t.length <= 300 && upperRatio(t) >= 0.7;
const isListStart = (t: string) => /^(?:[-•▪◦·]\s+|\d{1,2}[.)]\s+|[a-z][)]\s+)/.test(t);

/**
 * Parses prose acuerdos; `marker` tells whether the text announces acuerdos (an "ACUERDOS" heading or
 * "ACUERDO …" openings). When no ordinal opening exists, paragraphs numbered "1.", "2." … under a
 * standalone «ACUERDOS» heading are read as the acuerdos — except in press releases.
 */
export function readProse(lines: SourceLine[], anchor: Ymd | null, warnings: string[]): { sessions: RawSession[]; marker: boolean } {
  const first: string[] = [];
  const r = readProseWith(lines, anchor, first, false);
  const count = r.sessions.reduce((n, x) => n + x.agreements.length, 0);
  const head = lines.filter((l) => l.text.trim()).slice(0, 15).map((l) => fold(l.text)).join(' ');
  if (count || !r.sawMarker || /comunicado|boletin|nota informativa|prensa/.test(head)) {
    warnings.push(...first);
    return r;
  }
  const second: string[] = [];
  const n = readProseWith(lines, anchor, second, true);
  if (n.sessions.some((x) => x.agreements.length >= 2)) {
    warnings.push('No hay ordinales (PRIMERO, SEGUNDO…); se tomaron como acuerdos los párrafos numerados 1., 2., … que siguen al encabezado «ACUERDOS».', ...second);
    return n;
  }
  warnings.push(...first);
  return r;
}

function readProseWith(lines: SourceLine[], anchor: Ymd | null, warnings: string[], bareNumbers: boolean): { sessions: RawSession[]; marker: boolean; sawMarker: boolean } {
  const clean = lines.map((l) => ({ text: squash(stripMarkdown(decodeEntities(l.text.replace(/<br\s*\/?>/gi, ' ').replace(/<\/?[a-z][^>]*>/gi, ' ')))), line: l.line }));
  // Running headers repeated on every page are not part of any acuerdo.
  const counts = new Map<string, number>();
  for (const l of clean) if (l.text && l.text.length < 120) counts.set(fold(l.text), (counts.get(fold(l.text)) ?? 0) + 1);
  const running = (t: string) => (counts.get(fold(t)) ?? 0) >= 3 && !matchItemStart(t, bareNumbers) && !isTransitoryMarker(t);

  const paras: Para[] = [];
  let cur: Para | null = null;
  let curIsTitle = false;
  for (const l of clean) {
    if (!l.text || isPageArtifact(l.text)) { cur = null; continue; }
    const item = matchItemStart(l.text, bareNumbers);
    const breaks = item || isTransitoryMarker(l.text) || isAcuerdosMarker(l.text) || isClosing(l.text) || isListStart(l.text);
    if (cur && !breaks && !(curIsTitle && !isTitleLike(l.text))) { cur.lines.push(l.text); continue; }
    cur = { lines: [l.text], line: l.line };
    paras.push(cur);
    curIsTitle = !!item && (isTitleLike(item.rest) || !item.rest);
    if (isTransitoryMarker(l.text) || isAcuerdosMarker(l.text)) cur = null;
  }

  const sessions: Building[] = [];
  let section: Section = 'header';
  let pending: string[] = [];
  let marker = false;
  let sawMarker = false;
  let last: BuildingItem | null = null;
  const session = () => sessions[sessions.length - 1];
  const open = (header: string[]) => {
    const info = readSessionHeader(header, anchor);
    if (info.fixed) warnings.push(`Encabezado: '${info.fixed[0]}' se normalizó como '${info.fixed[1]}'.`);
    const { fixed: _f, ...rest } = info;
    sessions.push({ info: rest, agreements: [], transitory: [], closing: [] });
  };
  const headerHasSession = (h: string[]) => !!readSessionName(h.join(' ')) || h.some((x) => findDates(x).some((d) => d.year !== null));

  for (const p of paras) {
    const first = p.lines[0];
    if (isTransitoryMarker(first)) {
      if (!sessions.length) open(pending);
      section = 'transitory'; last = null; continue;
    }
    if (isAcuerdosMarker(first)) {
      marker = true;
      sawMarker = true;
      if (sessions.length && (session().agreements.length || session().transitory.length)) { section = 'header'; pending = []; }
      continue;
    }
    if (isClosing(first) && sessions.length) { section = 'closing'; session().closing.push(p.lines.join(' ')); last = null; continue; }
    const start = matchItemStart(first, bareNumbers);
    if (start && (!start.bare || sawMarker)) {
      if (start.prefix === 'acuerdo') marker = true;
      if (!sessions.length) { open(pending); pending = []; }
      else if (section === 'header' || section === 'closing') {
        if (headerHasSession(pending)) { open(pending); pending = []; }
        else if (section === 'closing') {
          warnings.push(`Línea ${p.line}: se ignoró '${squash(first).slice(0, 60)}' porque aparece después del cierre del documento.`);
          continue;
        }
      } else if (section === 'acuerdos' && start.number === 1 && last && last.start.number > 1) {
        // A new heading hidden at the end of the previous acuerdo starts another session.
        const tail: string[] = [];
        while (last.body.length && isTitleLike(last.body[last.body.length - 1])) tail.unshift(...(last.body.pop() as string).split('\n'));
        if (tail.length && headerHasSession(tail)) open(tail);
        else {
          last.body.push(...tail);
          warnings.push(`Línea ${p.line}: la numeración vuelve a ${start.ordinal} sin encabezado de sesión ni 'TRANSITORIOS'; se agregó a la misma sesión.`);
        }
      }
      if (section !== 'transitory') section = 'acuerdos';
      const item = buildItem(start, p);
      (section === 'transitory' ? session().transitory : session().agreements).push(item);
      last = item;
      continue;
    }
    const text = p.lines.join(' ');
    if ((section === 'acuerdos' || section === 'transitory') && last) {
      if (running(text)) continue;
      if (last.title === null && last.body.length === 0 && !last.start.rest && isTitleLike(text) && text.length <= 200) last.title = text;
      else last.body.push(p.lines.join('\n'));
    } else if (section === 'closing') session().closing.push(text);
    else pending.push(...p.lines);
  }

  // Date and place may only appear in the closing ("Guadalajara, Jalisco, a 19 de noviembre de 2019").
  for (const s of sessions) {
    if (s.info.date && s.info.entidad) continue;
    const fromClosing = readSessionHeader(s.closing, anchor);
    if (!s.info.date && fromClosing.date) { s.info.date = fromClosing.date; s.info.end_date = fromClosing.end_date; }
    if (!s.info.entidad && fromClosing.entidad) { s.info.place = fromClosing.place; s.info.entidad = fromClosing.entidad; }
  }
  return {
    marker,
    sawMarker,
    sessions: sessions.map((s) => ({ info: s.info, agreements: s.agreements.map(finish), transitory: s.transitory.map(finish) })),
  };
}

function buildItem(start: ItemStart, p: Para): BuildingItem {
  const rest = start.rest;
  const more = p.lines.slice(1);
  // "PRIMERO. Orden del día.- Se aprueba …": a short title before ".-".
  const split = /^([^.]{3,150}?)\s*\.\s*[-–—]+\s*(\S.*)$/.exec(rest);
  if (split && !/[.;]/.test(split[1])) return { start, title: split[1], body: [[split[2], ...more].join('\n')], line: p.line };
  if (!rest) return { start, title: more.length && isTitleLike(more[0]) ? more.join(' ') : null, body: more.length && isTitleLike(more[0]) ? [] : more, line: p.line };
  if (isTitleLike(rest)) {
    const titleLines = [rest];
    let k = 0;
    while (k < more.length && isTitleLike(more[k])) titleLines.push(more[k++]);
    return { start, title: titleLines.join(' '), body: more.slice(k), line: p.line };
  }
  if (rest.length <= 150 && !/[.;:,]$/.test(rest) && more.length === 0 && /^\p{Lu}/u.test(rest)) return { start, title: rest, body: [], line: p.line, titleOnlyIfBody: true };
  return { start, title: null, body: [[rest, ...more].join('\n')], line: p.line };
}

function finish(b: BuildingItem): RawItem {
  let title = b.title;
  let body = b.body;
  if (b.titleOnlyIfBody && !body.length && title) { body = [title]; title = null; }
  // Lines of one block are one paragraph (hard-wrapped text) unless a line ends a sentence and the next
  // starts a new one, as in text saved from Word, where each paragraph is a line.
  const paras = body.flatMap((x) => x.split(/(?<=[.;:!?])\n(?=[\p{Lu}\d¿¡«"“(-])/u)).map((x) => squash(x.replace(/\n/g, ' ')));
  const text = joinBrokenParagraphs(paras.filter(Boolean)).join('\n\n');
  return {
    ordinal: b.start.ordinal,
    number: b.start.number,
    title: title ? squash(title).replace(/\s*[.:;]+$/, '') : null,
    text,
    line: b.line,
  };
}
