import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMatchScore, scoreLine } from './score-cli.js';
import { MATCH_THRESHOLD } from './person-score.js';

async function run(input: string | string[]): Promise<{ code: number; lines: Record<string, unknown>[]; raw: string }> {
  const source = Readable.from(Array.isArray(input) ? input : [input]);
  const out = new PassThrough();
  let raw = '';
  out.on('data', (c: Buffer) => (raw += c.toString()));
  const code = await runMatchScore(source, out);
  return { code, raw, lines: raw.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const pair = (a: object, b: object) => JSON.stringify({ a, b });
const jose = { nombre: 'José Luis', apellido_paterno: 'Pérez', apellido_materno: 'López' };

describe('runMatchScore', () => {
  it('writes one result per line, in order, at MATCH_THRESHOLD, and exits 0', async () => {
    const input = [
      pair(jose, { nombre_completo: 'PEREZ LOPEZ JOSE LUIS' }),
      pair(jose, { nombre: 'Pedro', apellido_paterno: 'Pérez', apellido_materno: 'López' }),
      pair({ nombre_completo: 'Juan Ruiz', fecha_nacimiento: '1990-01-01', sexo: 'H', alias: ['El Flaco'], curp: null }, { nombre_completo: 'Juan Ruiz', fecha_nacimiento: '1990-01-01' }),
    ].join('\n');
    const { code, lines, raw } = await run(`${input}\n`);
    expect(code).toBe(0);
    expect(raw.endsWith('\n')).toBe(true);
    expect(lines.map((l) => l.match)).toEqual([true, false, true]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['features', 'match', 'score']);
      expect(l.match).toBe((l.score as number) >= MATCH_THRESHOLD);
      expect(typeof (l.features as Record<string, unknown>).givenAgreement).toBe('string');
    }
  });

  it('answers every malformed line with one error line and still exits 0', async () => {
    const input = ['{not json', '[1,2]', '{"a": "x", "b": {}}', '{"a": {"alias": 5}, "b": {}}', '{"b": {}}', '{"a": {"nombre": {"x": 1}}, "b": {}}', pair({ nombre: 'Ana' }, { nombre: 'Ana' })].join('\n');
    const { code, lines } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(7);
    for (const l of lines.slice(0, 6)) {
      expect(l).toMatchObject({ score: 0, match: false, features: {} });
      expect(typeof l.error).toBe('string');
    }
    expect(lines[6].error).toBeUndefined();
  });

  it('skips blank and whitespace-only lines without writing anything for them', async () => {
    const { code, lines } = await run(`\n${pair(jose, jose)}\n   \n\r\n${pair(jose, { nombre: 'Ana' })}\n\n`);
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.match)).toEqual([true, false]);
  });

  it('handles CRLF, a missing final newline and lines split across chunks', async () => {
    const line = pair({ nombre_completo: 'María Pérez' }, { nombre_completo: 'MARIA PEREZ' });
    const { lines } = await run([line.slice(0, 10), `${line.slice(10)}\r\n${line.slice(0, 5)}`, line.slice(5)]);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.match === true)).toBe(true);
  });

  it('accepts numbers, a single alias string and nulls; ignores unknown fields', async () => {
    const { lines } = await run(pair({ ...jose, fecha_nacimiento: 19850312, alias: 'El Güero', extra: [1] }, { ...jose, fecha_nacimiento: '1985-03-12', alias: ['EL GUERO', null], curp: null }));
    expect(lines[0].error).toBeUndefined();
    expect(lines[0].features).toMatchObject({ birthDate: 'exact', alias: 'shared' });
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
    const code = await runMatchScore(Readable.from([input]), slow);
    await new Promise((r) => slow.end(r));
    expect(code).toBe(0);
    expect(written).toBe(n);
  });

  it('exits 1 when the input or the output stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(`${pair(jose, jose)}\n`);
        this.destroy(new Error('disk gone'));
      },
    });
    const sink = new PassThrough();
    sink.resume();
    expect(await runMatchScore(failing, sink)).toBe(1);
    const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('EPIPE')) });
    const many = Array.from({ length: 50 }, () => pair(jose, jose)).join('\n');
    expect(await runMatchScore(Readable.from([many]), broken)).toBe(1);
  });

  it('exits 0 and writes nothing for empty input', async () => {
    expect(await run('')).toMatchObject({ code: 0, raw: '' });
  });

  it('scoreLine never throws', () => {
    for (const l of ['', 'null', '1', '"x"', '{"a":null,"b":null}', '{"a":{},"b":{}}', `{"a":{"nombre":"${'x'.repeat(100_000)}"},"b":{}}`]) {
      expect(() => JSON.parse(scoreLine(l))).not.toThrow();
    }
  });
});
