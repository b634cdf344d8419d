/**
 * Turns whatever text a document arrives as (BOM, CRLF, Markdown, HTML fragments from converters) into
 * plain lines, and cleans the text of one line or table cell.
 */
import { squash } from './parse-text.js';

/** One source line after normalisation, with its 1-based line number in the input. */
export interface SourceLine { text: string; line: number }

/** Strips BOM, unifies line endings, drops control and zero-width characters, turns NBSP into spaces. */
export function prepareText(input: string): SourceLine[] {
  const text = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ');
  return text.split('\n').map((t, i) => ({ text: t, line: i + 1 }));
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', laquo: '«', raquo: '»', ndash: '–', mdash: '—', hellip: '…' };
/** Decodes the HTML entities converters leave behind. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Removes Markdown emphasis, heading marks, links and escapes from one line; keeps the words. */
export function stripMarkdown(s: string): string {
  return s
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)/g, '')
    .replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/^\s*\*+\s*$/, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1');
}

/**
 * Text of a table cell or a line with HTML left in it: "<p>a</p> <p>b</p>" and "<br>" become paragraph
 * breaks ("\n\n"), other tags go, entities are decoded, whitespace is collapsed within each paragraph.
 */
export function cleanCell(s: string): string {
  const t = decodeEntities(
    s.replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
      .replace(/<br\s*\/?>/gi, '\n\n')
      .replace(/<\/?(?:p|span|div|b|strong|i|em|u|font|sup|sub|li|ul|ol)\b[^>]*>/gi, ' '),
  );
  return stripMarkdown(t).split(/\n\s*\n|\n/).map((p) => squash(stripMarkdown(p))).filter(Boolean).join('\n\n');
}

/** Joins paragraphs split by a page break ("… ha crecido de manera exponencial" + "en los últimos años …"). */
export function joinBrokenParagraphs(paras: string[]): string[] {
  const out: string[] = [];
  for (const p of paras) {
    const prev = out[out.length - 1];
    if (prev !== undefined && !/[.;:!?)"”»\]]$/.test(prev) && /^[a-záéíóúñü(]/.test(p)) out[out.length - 1] = `${prev} ${p}`;
    else out.push(p);
  }
  return out;
}
