/**
 * NDJSON scoring for `sereno match score`: one pair per input line, one result per output line, in order.
 * Blank lines also yield an error line, so input and output line counts always agree.
 */
import readline from 'node:readline';
import { once } from 'node:events';
import { MATCH_THRESHOLD, scorePersons } from './person-score.js';
import type { PersonInput } from './names.js';

const PERSON_FIELDS = ['nombre', 'apellido_paterno', 'apellido_materno', 'nombre_completo', 'curp', 'fecha_nacimiento', 'sexo'] as const;

function toPerson(v: unknown, side: string): PersonInput {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`"${side}" must be an object`);
  const o = v as Record<string, unknown>;
  const p: PersonInput = {};
  for (const f of PERSON_FIELDS) {
    const x = o[f];
    if (x == null) continue;
    if (typeof x !== 'string' && typeof x !== 'number') throw new Error(`"${side}.${f}" must be a string`);
    p[f] = String(x);
  }
  if (o.alias != null) {
    if (typeof o.alias === 'string') p.alias = [o.alias];
    else if (Array.isArray(o.alias)) p.alias = o.alias.filter((x): x is string => typeof x === 'string');
    else throw new Error(`"${side}.alias" must be an array of strings`);
  }
  return p;
}

/** Scores one NDJSON line; never throws. */
export function scoreLine(line: string): string {
  try {
    if (!line.trim()) throw new Error('blank line');
    const obj: unknown = JSON.parse(line);
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('line must be a JSON object {"a": …, "b": …}');
    const { a, b } = obj as Record<string, unknown>;
    const r = scorePersons(toPerson(a, 'a'), toPerson(b, 'b'));
    return JSON.stringify({ score: r.score, match: r.score >= MATCH_THRESHOLD, features: r.features });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return JSON.stringify({ score: 0, match: false, features: {}, error: message.slice(0, 200) });
  }
}

/**
 * Reads NDJSON pairs `{"a": P, "b": P}` from `input` and writes `{"score", "match", "features"}` per line to
 * `output` at MATCH_THRESHOLD; a malformed or blank line yields `{"score":0,"match":false,"features":{},"error"}`.
 * Resolves to the number of lines written. Honours back-pressure; does not end `output`.
 */
export async function runMatchScore(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of rl) {
    const ok = output.write(`${scoreLine(line)}\n`);
    count++;
    if (!ok) await once(output, 'drain');
  }
  return count;
}
