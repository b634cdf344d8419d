import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMatchScore } from './score-cli.js';
import { MATCH_THRESHOLD } from './person-score.js';

async function run(input: string | string[]): Promise<{ count: number; lines: Record<string, unknown>[]; raw: string }> {
  const source = Array.isArray(input) ? Readable.from(input) : Readable.from([input]);
  const out = new PassThrough();
  let raw = '';
  out.on('data', (c: Buffer) => (raw += c.toString()));
  const count = await runMatchScore(source, out);
  return { count, raw, lines: raw.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const pair = (a: object, b: object) => JSON.stringify({ a, b });

describe('runMatchScore', () => {
  it('writes one result per line, in order, at MATCH_THRESHOLD', async () => {
    const input = [
      pair({ nombre: 'José Luis', apellido_paterno: 'Pérez', apellido_materno: 'López' }, { nombre_completo: 'PEREZ LOPEZ JOSE LUIS' }),
      pair({ nombre: 'José Luis', apellido_paterno: 'Pérez', apellido_materno: 'López' }, { nombre: 'Pedro', apellido_paterno: 'Pérez', apellido_materno: 'López' }),
      pair({ nombre_completo: 'Juan Ruiz', fecha_nacimiento: '1990-01-01', sexo: 'H', alias: ['El Flaco'], curp: null }, { nombre_completo: 'Juan Ruiz', fecha_nacimiento: '1990-01-01' }),
    ].join('\n');
    const { count, lines } = await run(`${input}\n`);
    expect(count).toBe(3);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.match)).toEqual([true, false, true]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['features', 'match', 'score']);
      expect(l.match).toBe((l.score as number) >= MATCH_THRESHOLD);
    }
  });

  it('answers malformed and blank lines with an error line, keeping counts aligned', async () => {
    const input = ['{not json', '', '[1,2]', '{"a": "x", "b": {}}', '{"a": {"alias": 5}, "b": {}}', pair({ nombre: 'Ana' }, { nombre: 'Ana' })].join('\n');
    const { count, lines } = await run(input);
    expect(count).toBe(6);
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(0, 5)) {
      expect(l).toMatchObject({ score: 0, match: false, features: {} });
      expect(typeof l.error).toBe('string');
    }
    expect(lines[1].error).toBe('blank line');
    expect(lines[5].error).toBeUndefined();
  });

  it('handles CRLF, a missing final newline and lines split across chunks', async () => {
    const line = pair({ nombre_completo: 'María Pérez' }, { nombre_completo: 'MARIA PEREZ' });
    const { count, lines } = await run([line.slice(0, 10), `${line.slice(10)}\r\n${line.slice(0, 5)}`, line.slice(5)]);
    expect(count).toBe(2);
    expect(lines.every((l) => l.match === true)).toBe(true);
  });

  it('honours back-pressure from a slow consumer', async () => {
    const n = 300;
    const input = Array.from({ length: n }, (_, i) => pair({ nombre_completo: `Juan Pérez ${i}` }, { nombre_completo: 'Juan Pérez' })).join('\n');
    let written = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _enc, cb) {
        written += chunk.toString().split('\n').length - 1;
        setImmediate(cb);
      },
    });
    const count = await runMatchScore(Readable.from([input]), slow);
    await new Promise((r) => slow.end(r));
    expect(count).toBe(n);
    expect(written).toBe(n);
  });

  it('returns 0 for empty input', async () => {
    expect((await run('')).count).toBe(0);
  });
});
