import { SYSTEM_ACTOR, type Actor } from './core/access.js';
import { writeAudit } from './core/audit.js';
import { generatePassword, hashPassword } from './core/auth/passwords.js';
import type { Config } from './core/config.js';
import { openDatabase, type Database } from './core/db.js';
import { migrate } from './core/migrate.js';
import type { SerenoModule } from './core/module.js';
import { MODULES } from './modules/index.js';

export interface BootstrapReport {
  migrations: string[];
  adminCreated: boolean;
  adminPassword: string | null;
  demo: { loaded: boolean; summaries: string[]; password: string | null };
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR). */
export const openConfigured = (config: Config) =>
  openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.DATABASE_POOL_SIZE });

/**
 * Brings a database to a usable state: migrations, catalogues, the first national administrator and,
 * on the very first start with the demo on, the synthetic demo data set. Safe to run on every start.
 */
export async function bootstrap(database: Database, config: Config, opts: { demo: boolean; modules?: SerenoModule[]; actor?: Actor; now?: Date }): Promise<BootstrapReport> {
  const modules = opts.modules ?? MODULES;
  const { applied } = await migrate(database.pool);
  for (const m of modules) if (m.seed) await m.seed(database);
  const report: BootstrapReport = { migrations: applied, adminCreated: false, adminPassword: null, demo: { loaded: false, summaries: [], password: null } };

  const initialized = await database.db.selectFrom('settings').select('value').where('key', '=', 'initialized').executeTakeFirst();
  const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!anyUser) {
    const password = config.SERENO_ADMIN_PASSWORD ?? generatePassword();
    await createFirstAdmin(database, password, !config.SERENO_ADMIN_PASSWORD, opts.actor ?? SYSTEM_ACTOR);
    report.adminCreated = true;
    report.adminPassword = config.SERENO_ADMIN_PASSWORD ? null : password;
  }
  if (!initialized) {
    await database.db.insertInto('settings').values({ key: 'initialized', value: JSON.stringify({ at: new Date().toISOString() }) }).onConflict((oc) => oc.doNothing()).execute();
    if (opts.demo) {
      const r = await loadDemo(database, { modules, now: opts.now });
      report.demo = { loaded: true, summaries: r.summaries, password: r.password };
    }
  }
  return report;
}

async function createFirstAdmin(database: Database, password: string, mustChange: boolean, actor: Actor) {
  const hash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    let inst = await trx.selectFrom('institutions').select('id').where('type', '=', 'conference_secretariat').where('entidad', 'is', null).executeTakeFirst();
    inst ??= await trx.insertInto('institutions').values({ name: 'Secretaría Técnica de la Conferencia Nacional de Secretarios de Seguridad Pública', type: 'conference_secretariat', entidad: null }).returning('id').executeTakeFirstOrThrow();
    const user = await trx.insertInto('users').values({
      username: 'admin', display_name: 'Administrador nacional', password_hash: hash, institution_id: inst.id, entidad: null,
      roles: ['national_admin'], capture_scope: 'national', view_scope: 'national', must_change_password: mustChange,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'user.created', entityType: 'user', entityId: user.id, details: { username: 'admin', roles: ['national_admin'], first_admin: true } });
  });
}

/** Loads every module's synthetic demo data (once: a second call does nothing). */
export async function loadDemo(database: Database, opts: { modules?: SerenoModule[]; now?: Date; password?: string } = {}): Promise<{ summaries: string[]; password: string | null; already: boolean }> {
  const done = await database.db.selectFrom('settings').select('value').where('key', '=', 'demo_loaded').executeTakeFirst();
  if (done) return { summaries: [], password: null, already: true };
  const password = opts.password ?? process.env.SERENO_DEMO_PASSWORD ?? generatePassword();
  const summaries: string[] = [];
  for (const m of opts.modules ?? MODULES) {
    if (!m.demo) continue;
    const r = await m.demo(database, { seed: 20261123, now: opts.now ?? new Date(), password });
    summaries.push(`${m.name}: ${r.summary}`);
  }
  await database.db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key: 'demo_loaded', value: JSON.stringify({ at: new Date().toISOString(), summaries }) }).execute();
    await writeAudit(trx, SYSTEM_ACTOR, { action: 'demo.loaded', details: { summaries } });
  });
  return { summaries, password, already: false };
}

