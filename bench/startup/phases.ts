/**
 * Where a cold start spends its time, phase by phase, in one process on a fresh PGlite directory (imports, PGlite
 * initdb, migrations, catalogues, first admin, each module's demo data, app build). Run: npx tsx bench/startup/phases.ts
 */
const T0 = performance.now();
const lap = (() => { let t = performance.now(); return (what: string) => { const n = performance.now(); console.log(`${(n - t).toFixed(0).padStart(6)} ms  ${what}`); t = n; }; })();
const fs = await import('node:fs'); const os = await import('node:os'); const path = await import('node:path');
const { openDatabase } = await import('../../src/core/db.js');
const { migrate } = await import('../../src/core/migrate.js');
const { MODULES } = await import('../../src/modules/index.js');
const { hashPassword } = await import('../../src/core/auth/passwords.js');
const { buildApp } = await import('../../src/core/app.js');
const { loadConfig } = await import('../../src/core/config.js');
lap('imports');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sereno-phases-'));
const database = await openDatabase({ dataDir: dir });
lap('open pglite');
await migrate(database.pool); lap('migrate');
for (const m of MODULES) if (m.seed) { await m.seed(database); lap(`seed ${m.name}`); }
await hashPassword('x'); lap('one argon2 hash');
const { bootstrap } = await import('../../src/bootstrap.js');
await bootstrap(database, loadConfig({ ...process.env, DATA_DIR: dir, DATABASE_URL: '', SERENO_ADMIN_PASSWORD: 'bench-password-123' }), { demo: false }); lap('bootstrap (admin)');
for (const m of MODULES) if (m.demo) { const r = await m.demo(database, { seed: 20261123, now: new Date(), password: 'demo-password-1' }); lap(`demo ${m.name}: ${r.summary}`); }
const app = await buildApp({ config: loadConfig({ ...process.env, DATA_DIR: dir, DATABASE_URL: '' }), database, modules: MODULES, logger: false }); await app.ready(); lap('buildApp');
console.log('total', (performance.now() - T0).toFixed(0));
await app.close(); await database.close(); fs.rmSync(dir, { recursive: true, force: true });
