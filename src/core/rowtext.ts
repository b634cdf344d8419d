import { sql, type RawBuilder } from 'kysely';
import { copyField } from './db.js';

/**
 * How a bulk write's rows travel to the database as ONE text value: COPY's text format on a PostgreSQL server
 * (copyFromStdin), or packed text that one INSERT … SELECT splits with string_to_array (PGlite, which has no COPY
 * FROM STDIN). Both carry the same values, so a row can be encoded before knowing which database writes it — in a
 * worker thread, say — as long as the encoding is chosen up front (canCopy).
 */
export type RowEncoding = 'copy' | 'packed';

// Packed rows: ASCII separators never appear in the values (JSON escapes control characters; text values are cleaned).
const ROW_SEP = '\u001e', FIELD_SEP = '\u001f', NULL_MARK = '\u001d', ARRAY_SEP = '\u001c';
const SEPARATORS = /[\u001c-\u001f]/;
const cleanText = (s: string) => (SEPARATORS.test(s) ? s.replace(/[\u001c-\u001f]/g, ' ') : s);
const arrayLiteral = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

const FIELD_SEPARATOR: Record<RowEncoding, string> = { copy: '\t', packed: FIELD_SEP };
const NULL_FIELD: Record<RowEncoding, string> = { copy: '\\N', packed: NULL_MARK };

/**
 * One value as one field. `text` is free text, cleaned of the packed separators; `json` is text that never holds them
 * (JSON, an ISO time), taken as it is.
 */
export function encodeField(encoding: RowEncoding, v: string | number | boolean | null | undefined, kind: 'text' | 'json' = 'text'): string {
  if (v == null) return NULL_FIELD[encoding];
  const s = typeof v === 'string' ? (kind === 'text' ? cleanText(v) : v) : String(v);
  return encoding === 'copy' ? copyField(s) : s;
}

/** A text[] value as one field (its items cleaned). */
export function encodeArrayField(encoding: RowEncoding, xs: readonly string[]): string {
  return encoding === 'copy' ? copyField(arrayLiteral(xs.map(cleanText))) : xs.map(cleanText).join(ARRAY_SEP);
}

/** Encoded fields as one row (or as a part of one: rows may be built from a head and a tail encoded apart). */
export const joinFields = (encoding: RowEncoding, fields: readonly string[]) => fields.join(FIELD_SEPARATOR[encoding]);

const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;
/**
 * An encoded row (or part of one) held one byte a character whenever its text is Latin-1. V8 takes a join for
 * two-byte when one of its pieces is — text built after NFD, or a "thin" string left behind where a lookup internalised
 * it, which depends on the JIT's state: the same code gave one-byte rows in one run and two-byte in the next — and a
 * two-byte row costs double in every later join, copy and UTF-8 encoding (~20 µs a row at 1M rows). Copied through
 * Latin-1 it is one byte by construction, for ~1 µs a row.
 */
export const oneByteRow = (s: string): string => (LATIN1_ONLY.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s);

/**
 * Encoded rows as the value a bulk write sends: COPY's lines in pieces, or packed text (one string: one parameter).
 * copyFromStdin() streams the pieces one by one. One string of a thousand 1 KB rows is allocated apart by V8 and
 * costs ~7 µs a row to join and as much again to encode as UTF-8; pieces of ~64 KB cost a tenth of that.
 */
export type RowsText = string | readonly string[];

/** Characters of COPY text per piece (see RowsText). */
const COPY_PIECE = 65536;

export function joinRows(encoding: 'copy', lines: readonly string[]): readonly string[];
export function joinRows(encoding: 'packed', lines: readonly string[]): string;
export function joinRows(encoding: RowEncoding, lines: readonly string[]): RowsText;
export function joinRows(encoding: RowEncoding, lines: readonly string[]): RowsText {
  if (encoding === 'packed') return lines.join(ROW_SEP);
  const pieces: string[] = [];
  let start = 0, size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i].length + 1;
    if (size >= COPY_PIECE || i === lines.length - 1) {
      pieces.push(`${lines.slice(start, i + 1).join('\n')}\n`);
      start = i + 1;
      size = 0;
    }
  }
  return pieces;
}

/** RowsText as one string (the packed insert's parameter). */
export const rowsAsString = (text: RowsText): string => (typeof text === 'string' ? text : text.join(''));

/** A column of a table written from encoded rows: its name and SQL type. */
export type TextColumn = readonly [name: string, type: string];

/**
 * `SELECT <columns> FROM <packed rows>`: the rows of a packed value (joinRows('packed', …), one parameter) split and
 * cast column by column, as COPY's text format would be. `expr` may give a column another expression of its field
 * `f[i]` (a default for a missing value, say).
 */
export function selectPacked(columns: readonly TextColumn[], packed: RowsText, expr?: (name: string, field: RawBuilder<unknown>) => RawBuilder<unknown> | undefined): RawBuilder<unknown> {
  const select = columns.map(([name, type], i) => {
    const field = sql`f[${sql.lit(i + 1)}]`;
    const own = expr?.(name, field);
    return (own ?? (type === 'text[]' ? sql`coalesce(string_to_array(${field}, chr(28)), '{}')` : sql`${field}::${sql.raw(type)}`)).as(name);
  });
  return sql`SELECT ${sql.join(select)} FROM unnest(string_to_array(${rowsAsString(packed)}::text, chr(30))) AS r, LATERAL string_to_array(r, chr(31), chr(29)) AS f`;
}
