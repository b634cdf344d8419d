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
  if (typeof v !== 'string') return String(v);
  // One test for the usual value, which needs nothing done (a bulk file's row has some twenty of them).
  if (!NEEDS_WORK[encoding].test(v)) return v;
  const s = kind === 'text' ? cleanText(v) : v;
  return encoding === 'copy' ? copyField(s) : s;
}
const NEEDS_WORK: Record<RowEncoding, RegExp> = { copy: /[\\\t\n\r\u001c-\u001f]/, packed: /[\u001c-\u001f]/ };

/** A text[] value as one field (its items cleaned). */
export function encodeArrayField(encoding: RowEncoding, xs: readonly string[]): string {
  return encoding === 'copy' ? copyField(arrayLiteral(xs.map(cleanText))) : xs.map(cleanText).join(ARRAY_SEP);
}

/** Encoded fields as one row (or as a part of one: rows may be built from a head and a tail encoded apart). */
export const joinFields = (encoding: RowEncoding, fields: readonly string[]) => fields.join(FIELD_SEPARATOR[encoding]);

/** Encoded fields as the head of a row whose body follows (encodedRows()): joined, with the separator after them. */
export const joinHead = (encoding: RowEncoding, fields: readonly string[]) => fields.join(FIELD_SEPARATOR[encoding]) + FIELD_SEPARATOR[encoding];

/**
 * Encoded rows as the value a bulk write sends: COPY's lines in pieces, or as UTF-8 bytes, or packed text (one string:
 * one parameter). copyFromStdin() streams the pieces one by one. One string of a thousand 1 KB rows is allocated
 * apart by V8 and costs ~7 µs a row to join and as much again to encode as UTF-8; pieces of ~64 KB cost a tenth of
 * that, and bytes (a bulk file's rows, encodedRows()) nothing.
 */
export type RowsText = string | readonly string[] | Uint8Array;

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
export const rowsAsString = (text: RowsText): string =>
  (typeof text === 'string' ? text : text instanceof Uint8Array ? utf8(text) : text.join(''));

const utf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/**
 * Encoded rows (or rows' tails) written as UTF-8 into one growing buffer, each answered as a view of the bytes the
 * buffer ends with (views(), once everything is written). A bulk file's checker hands its batches over this way: the
 * buffer moves to the writer's thread without a copy (postMessage's transfer list), the rows are never strings on that
 * thread, and the COPY sends the bytes as they are — no UTF-8 encoding there, and a row's text no longer needs to be
 * one byte a character to stay cheap (a two-byte string cost double in every join, copy and encoding after it).
 */
export class ByteSink {
  private buf: Buffer;
  private size = 0;
  private readonly spans: number[] = [];

  constructor(capacity = 1 << 20) { this.buf = Buffer.allocUnsafeSlow(capacity); }

  /** Appends one row's text (views() answers it at the same position). */
  put(text: string): void {
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    if (this.size + text.length * 3 > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.size + text.length * 3));
      this.buf.copy(next, 0, 0, this.size);
      this.buf = next;
    }
    this.spans.push(this.size);
    this.size += this.buf.write(text, this.size, 'utf8');
  }

  /** Every row's bytes, in order: views of ONE ArrayBuffer (transferList: [views[0].buffer]). */
  views(): Uint8Array[] {
    const { buf, spans } = this;
    return spans.map((at, i) => new Uint8Array(buf.buffer, buf.byteOffset + at, (i + 1 < spans.length ? spans[i + 1] : this.size) - at));
  }
}

/**
 * Rows made of an encoded head (the fields known only at write time, joined, its separator included) and an encoded
 * body (a string, or bytes from a ByteSink), as the value a bulk write sends: with bytes on COPY, ONE buffer of
 * COPY's lines; otherwise as joinRows() gives them (the bytes read back as text for the packed insert).
 */
export function encodedRows(encoding: RowEncoding, heads: readonly string[], bodies: readonly (string | Uint8Array)[]): RowsText {
  if (encoding === 'copy' && bodies.length > 0 && bodies.every((b) => b instanceof Uint8Array)) {
    let size = 0;
    for (let i = 0; i < heads.length; i++) size += heads[i].length * 3 + (bodies[i] as Uint8Array).byteLength + 1;
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < heads.length; i++) {
      at += out.write(heads[i], at, 'utf8');
      const b = bodies[i] as Uint8Array;
      out.set(b, at);
      at += b.byteLength;
      out[at++] = 0x0a;
    }
    return out.subarray(0, at);
  }
  return joinRows(encoding, heads.map((h, i) => { const b = bodies[i]; return h + (typeof b === 'string' ? b : utf8(b)); }));
}

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
