/**
 * Cold start: time from launching `sereno serve` on an EMPTY data directory (migrations, catalogues, first admin,
 * demo data) until /api/health answers, against a warm restart on the same, already initialised directory.
 * The web bundle is built beforehand (its build time is reported separately). Run: npx tsx bench/startup/cold-start.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureWebBundle } from '../../src/cli/web-build.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.RUNS ?? 3);

async function timeToHealth(dataDir: string, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/sereno.mjs'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', SERENO_ADMIN_PASSWORD: 'bench-password-123' }, stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 1200; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('server did not become healthy in 30 s');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const buildMs = await ensureWebBundle(ROOT, () => {});
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sereno-cold-'));
  cold.push(await timeToHealth(dir, 39100 + i));
  warm.push(await timeToHealth(dir, 39200 + i));
  fs.rmSync(dir, { recursive: true, force: true });
}
const result = {
  figure: 'cold start to /api/health on an empty PGlite data dir (migrate, catalogues, admin, demo)',
  value: Math.round(median(cold)), unit: 'ms',
  baseline: Math.round(median(warm)), baseline_figure: 'warm restart on the same data dir',
  ratio: Number((median(cold) / median(warm)).toFixed(2)),
  runs: { cold: cold.map(Math.round), warm: warm.map(Math.round) }, web_bundle_build_ms: buildMs,
  command: 'npx tsx bench/startup/cold-start.ts', date: new Date().toISOString(), machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
};
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/cold-start.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`cold start (median of ${RUNS}): ${result.value} ms; warm restart: ${result.baseline} ms; ratio ${result.ratio}`);
