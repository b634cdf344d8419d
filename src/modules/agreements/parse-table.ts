/**
 * Tables of acuerdos (tab-separated text as Word exports it, or Markdown pipes): finds the header by its
 * column names, reads one acuerdo per row, carries the session of continuation rows (empty "Sesión"), and
 * groups rows into sessions by date and place, reconciling misnumbered session labels ("VIII" on rows
 * dated as the XVIII).
 */
import { cleanCell, type SourceLine } from './parse-clean.js';
import { emptySession, readDatePlace, readSessionName, type RawItem, type RawSession, type SessionInfo, type SessionName } from './parse-session.js';
import { fold, fromRoman, parseOrdinal, squash, type Ymd } from './parse-text.js';

type Role = 'session' | 'datePlace' | 'date' | 'place' | 'consecutive' | 'number' | 'title' | 'text' | 'deadline';

function roleOf(label: string): Role | null {
  const l = fold(label).replace(/[.:]/g, '').replace(/\s+/g, ' ').trim();
  if (!l) return null;
  if (/^(?:sesion|sesiones|reunion|asamblea|sesion\/reunion|nombre de la sesion)$/.test(l)) return 'session';
  if (/^(?:fecha y lugar|fecha\/lugar|lugar y fecha|fecha y sede|sede y fecha)$/.test(l)) return 'datePlace';
  if (/^(?:fecha|fecha de la sesion|fecha de sesion)$/.test(l)) return 'date';
  if (/^(?:lugar|sede|ciudad)$/.test(l)) return 'place';
  if (/^(?:con|consec|consecutivo|no consecutivo|#)$/.test(l)) return 'consecutive';
  if (/^(?:no|num|numero|n°|nº|numero de acuerdo|no de acuerdo|num de acuerdo|clave|clave del acuerdo|id|ordinal)$/.test(l)) return 'number';
  if (/^(?:titulo|tema|asunto|rubro|titulo del acuerdo)$/.test(l)) return 'title';
  if (/^(?:contenido|texto|descripcion|acuerdo|acuerdos|redaccion|texto del acuerdo|contenido del acuerdo)$/.test(l)) return 'text';
  if (/^(?:plazo|fecha limite|fecha de cumplimiento|vencimiento|fecha compromiso)$/.test(l)) return 'deadline';
  return null;
}

const isSeparator = (t: string) => /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(t);

/** Cells of a tab-separated or Markdown table line; null for any other line. */
export function splitRow(t: string): string[] | null {
  if (/^\s*\|.*\|\s*$/.test(t) && !isSeparator(t)) {
    return t.trim().slice(1, -1).split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
  }
  if (t.includes('\t')) {
    const cells = t.split('\t').map((c) => c.trim());
    return cells.length >= 2 ? cells : null;
  }
  return null;
}

interface Header { roles: (Role | null)[]; labels: string[] }

function headerOf(cells: string[]): Header | null {
  const roles = cells.map(roleOf);
  const found = new Set(roles.filter(Boolean));
  const nonEmpty = cells.filter((c) => c.trim()).length;
  const labelled = roles.filter(Boolean).length;
  if (found.size < 2 || labelled < Math.ceil(nonEmpty * 0.6)) return null;
  return { roles, labels: cells };
}

/** Row of an acuerdos table, cells by role. */
export interface TableRow {
  rowNo: number;
  line: number;
  cells: Partial<Record<Role, string>>;
}

/** Finds the acuerdos table; null when the text has none (fewer than one header row with number/title/text). */
export function readTable(lines: SourceLine[]): { rows: TableRow[]; preamble: string[]; hasSessionColumn: boolean } | null {
  let header: Header | null = null;
  const rows: TableRow[] = [];
  const preamble: string[] = [];
  let lastRowLine = -10;
  let hasSessionColumn = false;
  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i];
    if (isSeparator(text)) continue;
    const cells = splitRow(text);
    if (cells) {
      const h = headerOf(cells);
      if (h) {
        let merged = h;
        // Two-line headers: "Sesión | Fecha y Lugar | Con. | Acuerdo" over "| | | No. | Título | Contenido".
        const next = i + 1 < lines.length ? splitRow(lines[i + 1].text) : null;
        const h2 = next ? headerOf(next) : null;
        if (next && h2) {
          const labels = Array.from({ length: Math.max(cells.length, next.length) }, (_, k) => (next[k]?.trim() ? next[k] : cells[k] ?? ''));
          merged = { roles: labels.map(roleOf), labels };
          i++;
        }
        const roles = new Set(merged.roles);
        if (roles.has('text') || roles.has('title')) {
          if (!header || merged.roles.join() !== header.roles.join()) header = merged;
          hasSessionColumn ||= roles.has('session');
          continue;
        }
      }
      if (header) {
        const byRole: Partial<Record<Role, string>> = {};
        header.roles.forEach((r, k) => { if (r && cells[k] !== undefined && cells[k] !== '') byRole[r] = cells[k]; });
        const onlyText = Object.keys(byRole).length === 1 && (byRole.text !== undefined || byRole.title !== undefined);
        if (!Object.keys(byRole).length) continue;
        if (onlyText && rows.length && byRole.text !== undefined) {
          const prev = rows[rows.length - 1];
          prev.cells.text = [prev.cells.text, byRole.text].filter(Boolean).join('\n\n');
          lastRowLine = i;
          continue;
        }
        rows.push({ rowNo: rows.length + 1, line, cells: byRole });
        lastRowLine = i;
        continue;
      }
    }
    if (!header) { if (text.trim()) preamble.push(text); continue; }
    // A plain line right after a row (no blank line between) continues that row's text.
    if (text.trim() && lastRowLine === i - 1 && rows.length) {
      const prev = rows[rows.length - 1];
      prev.cells.text = [prev.cells.text, text.trim()].filter(Boolean).join('\n\n');
      lastRowLine = i;
    }
  }
  if (!header || !rows.length) return null;
  return { rows, preamble, hasSessionColumn };
}

interface Cluster {
  info: SessionInfo;
  labels: { raw: string; parsed: SessionName | null; rowNo: number; line: number }[];
  items: RawItem[];
  certainPlace: boolean;
}

/**
 * Groups rows into sessions. A row with a "Sesión" label or a date opens or joins the session with the
 * same dates (and compatible entidad); a row with neither continues the previous one. When a session's
 * rows carry different labels, the label that fits the sequence of the other sessions, contains the other
 * one ("XVIII" ⊃ "VIII") or is the most frequent wins, and each outvoted row gets a warning.
 */
export function groupRows(rows: TableRow[], anchor: Ymd | null, warnings: string[], headerInfo: SessionInfo | null): RawSession[] {
  const clusters: Cluster[] = [];
  let current: Cluster | null = null;
  const where = (r: TableRow) => `Fila ${r.rowNo} (línea ${r.line})`;
  for (const r of rows) {
    const label = r.cells.session ? squash(cleanCell(r.cells.session)) : '';
    const dpText = [r.cells.datePlace, r.cells.date, r.cells.place].filter(Boolean).join(' ');
    const dp = dpText ? readDatePlace(cleanCell(dpText), anchor) : {};
    const parsed = label ? readSessionName(label) : null;
    if (parsed?.fixed) warnings.push(`${where(r)}: '${parsed.fixed[0]}' se normalizó como '${parsed.fixed[1]}'.`);
    let target: Cluster | null = null;
    if (headerInfo && !label && !dp.date) target = current;
    else if (dp.date) {
      target = clusters.find((c) => c.info.date === dp.date && (!c.info.entidad || !dp.entidad || c.info.entidad === dp.entidad)) ?? null;
      if (!target && !label && current && !current.info.date) target = current;
    } else if (label) {
      const key = parsed?.name ?? fold(label);
      target = (current && current.labels.some((l) => (l.parsed?.name ?? fold(l.raw)) === key) ? current : null)
        ?? [...clusters].reverse().find((c) => c.labels.some((l) => (l.parsed?.name ?? fold(l.raw)) === key)) ?? null;
    } else target = current;
    if (!target) {
      target = { info: headerInfo && !clusters.length ? { ...headerInfo } : emptySession(), labels: [], items: [], certainPlace: false };
      clusters.push(target);
    }
    if (label) target.labels.push({ raw: label, parsed, rowNo: r.rowNo, line: r.line });
    const info = target.info;
    if (dp.date && !info.date) { info.date = dp.date; info.end_date = dp.end_date ?? null; }
    if (dp.entidad && info.entidad && dp.entidad !== info.entidad) {
      warnings.push(`${where(r)}: el lugar '${dp.place ?? dpText}' no coincide con el de la sesión (${info.place ?? info.entidad}); se conservó el de la sesión.`);
    } else if (dp.place && (!info.place || (!target.certainPlace && dp.certainPlace) || (!info.entidad && dp.entidad))) {
      info.place = dp.place; info.entidad = dp.entidad ?? info.entidad; target.certainPlace = !!dp.certainPlace;
    } else if (dp.entidad && !info.entidad) info.entidad = dp.entidad;
    if (dp.date && info.date && dp.date !== info.date) warnings.push(`${where(r)}: la fecha no coincide con la de la sesión (${info.date}).`);
    target.items.push(itemOf(r, warnings, where(r)));
    current = target;
  }
  reconcileLabels(clusters, warnings);
  return clusters.map((c) => ({ info: c.info, agreements: c.items, transitory: [] }));
}

function itemOf(r: TableRow, warnings: string[], where: string): RawItem {
  const rawNo = r.cells.number ? squash(cleanCell(r.cells.number)) : '';
  const con = r.cells.consecutive ? parseOrdinal(r.cells.consecutive) : null;
  const fromNo = rawNo ? parseOrdinal(rawNo) : null;
  if (rawNo && fromNo === null) warnings.push(`${where}: no se pudo leer el número del acuerdo '${rawNo}'${con !== null ? `; se usó el consecutivo ${con}` : ''}.`);
  if (fromNo !== null && con !== null && fromNo !== con) warnings.push(`${where}: el consecutivo (${con}) no coincide con el número del acuerdo '${rawNo}' (${fromNo}); se usó ${fromNo}.`);
  const title = r.cells.title ? cleanCell(r.cells.title).replace(/\n+/g, ' ').replace(/\s*[.:;]+$/, '') : null;
  const extra = r.cells.deadline ? `\n\nPlazo: ${cleanCell(r.cells.deadline)}` : '';
  return {
    ordinal: rawNo || (r.cells.consecutive ? squash(r.cells.consecutive) : ''),
    number: fromNo ?? con,
    title: title || null,
    text: r.cells.text ? cleanCell(r.cells.text) + extra : extra.trim(),
    line: r.line,
  };
}

function reconcileLabels(clusters: Cluster[], warnings: string[]): void {
  const numeralsOf = (c: Cluster) => new Set(c.labels.map((l) => l.parsed?.numeral).filter((n): n is number => !!n));
  for (const c of clusters) {
    const names = new Map<string, { parsed: SessionName | null; raw: string; count: number }>();
    for (const l of c.labels) {
      const k = l.parsed?.name ?? squash(l.raw);
      const e = names.get(k) ?? { parsed: l.parsed, raw: l.raw, count: 0 };
      e.count++;
      names.set(k, e);
    }
    if (!names.size) continue;
    const others = new Set<number>();
    for (const o of clusters) if (o !== c) for (const n of numeralsOf(o)) others.add(n);
    const candidates = [...names.entries()];
    const score = ([, e]: (typeof candidates)[number]) => {
      let s = e.count / 1000;
      const n = e.parsed?.numeral;
      if (n && (others.has(n - 1) || others.has(n + 1))) s += 2;
      if (n && others.has(n)) s -= 3;
      for (const [, o] of candidates) {
        if (o === e || !o.parsed?.roman || !e.parsed?.roman) continue;
        if (e.parsed.roman.length > o.parsed.roman.length && e.parsed.roman.endsWith(o.parsed.roman)) s += 2;
      }
      return s;
    };
    candidates.sort((a, b) => score(b) - score(a));
    const [bestName, best] = candidates[0];
    c.info.name = bestName;
    if (best.parsed?.zone) c.info.zone = best.parsed.zone;
    for (const l of c.labels) {
      const k = l.parsed?.name ?? squash(l.raw);
      if (k === bestName) continue;
      const wrote = l.parsed?.roman ?? squash(l.raw);
      const exists = clusters.some((o) => o !== c && o.labels.some((x) => (x.parsed?.name ?? squash(x.raw)) === k));
      const target = best.parsed?.roman ?? bestName;
      warnings.push(exists
        ? `Fila ${l.rowNo} (línea ${l.line}): la sesión '${wrote}' tiene otra fecha y lugar; por fecha y lugar la fila se asignó a ${target}.`
        : `Fila ${l.rowNo} (línea ${l.line}): la sesión '${wrote}' no existe; por fecha y lugar se reconcilió con ${target}.`);
    }
  }
  // A numeral far outside the run of the other sessions is kept as written, with a warning.
  const all = clusters.map((c) => ({ c, n: c.info.name ? readNumeral(c.info.name) : null }));
  const ns = all.map((x) => x.n).filter((n): n is number => !!n);
  if (ns.length >= 3) {
    for (const { c, n } of all) {
      if (!n) continue;
      const rest = ns.filter((m) => m !== n);
      if (rest.length && !rest.some((m) => Math.abs(m - n) <= 1)) warnings.push(`La sesión '${c.info.name}' no sigue la numeración de las demás sesiones del documento; se conservó como aparece.`);
    }
  }
}

const readNumeral = (name: string): number | null => {
  const m = /^([IVXLC]+)\s/.exec(name);
  return m ? fromRoman(m[1]) : null;
};
