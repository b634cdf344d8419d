/**
 * NDJSON scoring for `sereno match score`: one pair `{"a": P, "b": P}` per input line, one
 * `{"score", "match", "features"}` per output line, in order. A line that cannot be scored still gets exactly one
 * output line, `{"score":0,"match":false,"features":{},"error":"…"}`. Blank (whitespace-only) lines are skipped and
 * produce no output, so the output has one line per non-blank input line.
 */
import readline from 'node:readline';
import { once } from 'node:events';
import { MATCH_THRESHOLD, scorePersons } from './person-score.js';
import type { PersonInput } from './names.js';

const TEXT_FIELDS = ['nombre', 'apellido_paterno', 'apellido_materno', 'nombre_completo', 'curp', 'fecha_nacimiento', 'sexo'] as const;
/** Longer values are cut: no real name or identifier is this long, and it bounds the work per line. */
const MAX_FIELD_CHARS = 300;
const MAX_ALIASES = 20;
const MAX_ERROR_CHARS = 200;

function toPerson(v: unknown, side: string): PersonInput {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`"${side}" must be an object`);
  const o = v as Record<string, unknown>;
  const p: PersonInput = {};
  for (const f of TEXT_FIELDS) {
    const x = o[f];
    if (x == null) continue;
    if (typeof x !== 'string' && typeof x !== 'number') throw new Error(`"${side}.${f}" must be a string`);
    p[f] = String(x).slice(0, MAX_FIELD_CHARS);
  }
  if (o.alias != null) {
    const list = typeof o.alias === 'string' ? [o.alias] : Array.isArray(o.alias) ? o.alias : null;
    if (!list) throw new Error(`"${side}.alias" must be an array of strings`);
    p.alias = list
      .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
      .slice(0, MAX_ALIASES)
      .map((x) => x.slice(0, MAX_FIELD_CHARS));
  }
  return p;
}

/** Scores one non-blank NDJSON line into one output line (no newline); never throws. */
export function scoreLine(line: string): string {
  try {
    const obj: unknown = JSON.parse(line);
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('line must be a JSON object {"a": …, "b": …}');
    const { a, b } = obj as Record<string, unknown>;
    const r = scorePersons(toPerson(a, 'a'), toPerson(b, 'b'));
    return JSON.stringify({ score: r.score, match: r.score >= MATCH_THRESHOLD, features: r.features });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return JSON.stringify({ score: 0, match: false, features: {}, error: message.slice(0, MAX_ERROR_CHARS) });
  }
}

/**
 * Reads NDJSON pairs from `input` line by line and writes one result line per non-blank input line to `output`,
 * honouring back-pressure; does not end `output`. Resolves to the process exit code: 0 when every line was
 * answered (malformed lines included, they carry an `error`), 1 when reading the input or writing the output failed.
 */
export async function runMatchScore(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let failed = false;
  const onOutputError = () => {
    failed = true;
    rl.close();
  };
  output.on('error', onOutputError);
  try {
    for await (const line of rl) {
      if (failed) break;
      if (line.trim() === '') continue;
      if (!output.write(`${scoreLine(line)}\n`)) await once(output, 'drain');
    }
  } catch {
    failed = true;
  } finally {
    rl.close();
    // After a failure the listener stays, so a late EPIPE from a closed pipe does not crash the process.
    if (!failed) output.off('error', onOutputError);
  }
  return failed ? 1 : 0;
}
