/**
 * Time from a detention being written (POST /api/detentions returns) to the matching alert reaching the issuer's open
 * SSE stream (GET /api/alerts/stream), through the real path: detention outbox event → entity index → watchlist check
 * → alert + audit + outbox in one transaction → commit → bus → stream. The server runs in this process with the
 * production dispatcher settings (wakes on NOTIFY at commit, polls every OUTBOX_POLL_MS as a fallback) and the module
 * workers the server starts (the alerts fan-out: commit → NOTIFY sereno_alerts → read → stream).
 *
 *   npx tsx bench/alerts/latency.ts [--n 200] [--only postgresql|pglite]
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeActor } from '../../src/core/access.js';
import { buildApp } from '../../src/core/app.js';
import { newApiKey } from '../../src/core/auth/tokens.js';
import { loadConfig } from '../../src/core/config.js';
import { OutboxDispatcher } from '../../src/core/outbox.js';
import { createTarget } from '../../src/modules/watchlists/index.js';
import { MODULES } from '../../src/modules/index.js';
import { syntheticBodies } from '../detentions/common.js';
import { dbUrl, loadAverage, MACHINE, openBenchDatabase, percentile, r1 } from '../match/common.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : dflt; };
const N = Number(arg('--n', '200'));
const ONLY = arg('--only', '');
const log = (s: string) => process.stderr.write(`${s}\n`);

async function run(backend: 'postgresql' | 'pglite') {
  const { database, drop } = await openBenchDatabase(backend, 'sereno_bench_alerts');
  const config = loadConfig({ LOG_LEVEL: 'silent', SERENO_DEMO: '0', DATABASE_URL: backend === 'postgresql' ? dbUrl('sereno_bench_alerts') : '' });
  const dispatcher = new OutboxDispatcher(database.db, undefined, config.OUTBOX_POLL_MS, 200, database.listen);
  for (const m of MODULES) for (const h of m.handlers?.(database) ?? []) dispatcher.register(h);
  const app = await buildApp({ config, database, dispatcher, modules: MODULES, logger: false });
  let ctl: AbortController | null = null;
  const workers = MODULES.flatMap((m) => m.workers?.(database) ?? []);
  try {
    const inst = async (entidad: string, name: string) => (await database.db.insertInto('institutions').values({ entidad, type: 'c5', name }).returning('id').executeTakeFirstOrThrow()).id;
    const inst14 = await inst('14', 'C5 Jalisco (bench)');
    const inst09 = await inst('09', 'C5 CDMX (bench)');
    const key = async (institution: number, entidad: string, roles: string[]) => {
      const k = newApiKey();
      await database.db.insertInto('api_keys').values({ name: `bench ${roles[0]}`, prefix: k.prefix, key_hash: k.hash, institution_id: institution, entidad, roles: roles as never }).execute();
      return `Bearer ${k.key}`;
    };
    const capturist09 = await key(inst09, '09', ['capturist']);
    const c5_14 = await key(inst14, '14', ['c5_operator']);
    const issuer = makeActor({ type: 'system', id: null, name: 'bench', roles: ['national_admin'], institutionId: inst14, entidad: '14', captureScope: 'entidad', viewScope: 'entidad' });
    await createTarget({ db: database.db, actor: issuer, now: () => new Date() }, {
      persona: { nombre: 'Guillermo', apellido_paterno: 'Villalobos', apellido_materno: 'Sáenz', alias: ['El Memo'], sexo: 'H' },
      reason: 'Orden de aprehensión (benchmark)', classification: 'orden_de_aprehension', contact: { nombre: 'C5 Jalisco' },
    } as never);
    await dispatcher.start();
    // As the server does: module workers too (the alerts fan-out carries alerts to the streams through NOTIFY).
    for (const w of workers) await w.start();
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // The issuer's open stream: arrival time of each alert by the folio of the detention that raised it.
    const arrived = new Map<string, number>();
    const waiting = new Map<string, (t: number) => void>();
    ctl = new AbortController();
    const res = await fetch(`${base}/api/alerts/stream`, { headers: { authorization: c5_14 }, signal: ctl.signal });
    if (res.status !== 200) throw new Error(`stream: ${res.status}`);
    void (async () => {
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = performance.now();
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data || !/^event: alert$/m.test(block)) continue;
            const folio = JSON.parse(data).hit.label as string;
            arrived.set(folio, now);
            waiting.get(folio)?.(now);
          }
        }
      } catch { /* aborted */ }
    })();

    const synthetic = syntheticBodies(11, { entidad: '09', now: new Date(), spreadDays: 1, idPrefix: `alert-bench-${Date.now()}` });
    // CDMX has 16 alcaldías: leave the municipality out rather than draw an invalid one.
    const bodies = (i: number) => { const b = synthetic(i); return { ...b, lugar: { ...b.lugar, municipio: null } }; };
    const variants = [
      { nombre: 'Memo', apellido_paterno: 'Bilalobos', apellido_materno: 'Saenz' }, { nombre: 'Guillermo', apellido_paterno: 'Villalobos', apellido_materno: null },
      { nombre: 'GUILLERMO', apellido_paterno: 'VILLALOBOS', apellido_materno: 'SAENZ' }, { nombre: 'Guiyermo', apellido_paterno: 'Villalovos', apellido_materno: 'Sáenz' },
    ];
    const lat: number[] = [];
    let missing = 0;
    for (let i = 0; i < N; i++) {
      // Every other detention is somebody else (no alert), as in a real stream of registrations.
      const noise = bodies(2 * i);
      const n = await fetch(`${base}/api/detentions`, { method: 'POST', headers: { authorization: capturist09, 'content-type': 'application/json' }, body: JSON.stringify(noise) });
      if (n.status !== 201) throw new Error(`detention ${n.status}: ${await n.text()}`);
      const body = bodies(2 * i + 1);
      body.persona = { ...body.persona, ...variants[i % variants.length], sexo: 'H' } as never;
      const t0 = performance.now();
      const r = await fetch(`${base}/api/detentions`, { method: 'POST', headers: { authorization: capturist09, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status !== 201) throw new Error(`detention ${r.status}: ${await r.text()}`);
      const folio = ((await r.json()) as { folio: string }).folio;
      const at = arrived.get(folio) ?? await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => { waiting.delete(folio); resolve(null); }, 10_000);
        waiting.set(folio, (t) => { clearTimeout(timer); waiting.delete(folio); resolve(t); });
      });
      if (at === null) missing++;
      else lat.push(at - t0);
      if ((i + 1) % 50 === 0) log(`  ${backend}: ${i + 1}/${N}`);
    }
    ctl.abort();
    const out = { backend, alerts: N, received: lat.length, missing, p50_ms: r1(percentile(lat, 50)), p95_ms: r1(percentile(lat, 95)), p99_ms: r1(percentile(lat, 99)), max_ms: r1(Math.max(...lat)), outbox_poll_ms: config.OUTBOX_POLL_MS, load_average: loadAverage() };
    log(JSON.stringify(out));
    return out;
  } finally {
    ctl?.abort();
    await app.close();
    for (const w of workers) await w.stop();
    await dispatcher.stop();
    await drop();
  }
}

const runs: Record<string, Awaited<ReturnType<typeof run>>> = {};
if (ONLY !== 'pglite') runs.postgresql = await run('postgresql');
if (ONLY !== 'postgresql') runs.pglite = await run('pglite');
const main = runs.postgresql ?? runs.pglite;
const file = path.resolve(import.meta.dirname, '../results/alert-latency.json');
fs.writeFileSync(file, `${JSON.stringify({
  figure: `detention written → alert on the issuer's SSE stream, p99 (${main.backend}, ${N} matching detentions interleaved with ${N} others)`,
  value: main.p99_ms, unit: 'ms', baseline: 1000, baseline_figure: 'goal: p99 <= 1 s', ratio: Math.round((main.p99_ms / 1000) * 1000) / 1000,
  runs, command: `npx tsx bench/alerts/latency.ts ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), machine: MACHINE,
}, null, 2)}\n`);
log(`wrote ${file}`);
process.exit(0);
