import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline/promises';
import { Command, Option } from 'commander';
import { sql } from 'kysely';
import { makeActor, SYSTEM_ACTOR, type Actor } from '../core/access.js';
import { verifyAuditChain } from '../core/audit.js';
import { loadConfig, type Config } from '../core/config.js';
import { migrate } from '../core/migrate.js';
import { ROLES, SCOPES, type Role, type Scope } from '../shared/permissions.js';
import { bootstrap, loadDemo, openConfigured } from '../bootstrap.js';
import { createApiKey, createUser, resetUserPassword } from '../modules/admin/admin.service.js';
import { ROOT, startServer, startWorker } from '../server.js';
import { agreementsModule, importAgreements, previewImport, readUpload, runAgreementsParse, runReminders } from '../modules/agreements/index.js';
import { AppError } from '../core/errors.js';
import { RequestValidationError, renderIssue } from '../core/http.js';
import { registerMessages, t } from '../core/i18n.js';
import { ensureWebBundle } from './web-build.js';

const program = new Command();
program.name('sereno').description('Sereno: plataforma de información para la seguridad pública estatal').version(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

/** The CLI acts as the system, named after the operating-system user, so its writes are audited as such. */
const cliActor = (): Actor => makeActor({ ...SYSTEM_ACTOR, name: `cli:${os.userInfo().username}` });
const config = (o: Record<string, unknown> = {}): Config => loadConfig(process.env, { PORT: o.port, HOST: o.host, DATA_DIR: o.dataDir });
const fail = (err: unknown): never => {
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  process.exit(1);
};

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openConfigured>>, cfg: Config) => Promise<T>, o: Record<string, unknown> = {}): Promise<T> {
  const cfg = config(o);
  const database = await openConfigured(cfg);
  try {
    await bootstrap(database, cfg, { demo: false, actor: cliActor() });
    return await fn(database, cfg);
  } finally {
    await database.close();
  }
}

const serveOptions = (cmd: Command) => cmd
  .option('-p, --port <port>', 'puerto (PORT)')
  .option('--host <host>', 'interfaz (HOST)')
  .option('--data-dir <dir>', 'directorio de PGlite (DATA_DIR)')
  .option('--no-demo', 'no cargar los datos sintéticos de demostración (SERENO_DEMO=0)');

serveOptions(program.command('start').description('Construye la interfaz web si hace falta y sirve la plataforma (npm start)'))
  .action(async (o) => {
    const cfg = config(o);
    await ensureWebBundle(ROOT, (s) => process.stdout.write(`${s}\n`)).catch(fail);
    await startServer(cfg, { demo: o.demo !== false && cfg.SERENO_DEMO }).catch(fail);
  });

serveOptions(program.command('serve').description('Sirve la API y la interfaz ya construida'))
  .action(async (o) => {
    const cfg = config(o);
    await startServer(cfg, { demo: o.demo !== false && cfg.SERENO_DEMO }).catch(fail);
  });

program.command('worker').description('Procesa los eventos (outbox) y los envíos de webhooks sin servir HTTP: con PostgreSQL, al lado de servidores con OUTBOX_DISPATCHER=0')
  .action(async () => {
    await startWorker(config({})).catch(fail);
  });

program.command('dev').description('Desarrollo: API con recarga (tsx watch) y Vite con HMR en http://localhost:5173')
  .action(() => {
    const api = spawn(process.execPath, ['--import', 'tsx', '--watch', path.join(ROOT, 'src/cli/main.ts'), 'serve'], { stdio: 'inherit', cwd: ROOT });
    const web = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), '--config', path.join(ROOT, 'web/vite.config.ts')], { stdio: 'inherit', cwd: ROOT });
    const stop = () => { api.kill(); web.kill(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.command('migrate').description('Aplica las migraciones pendientes').option('--data-dir <dir>')
  .action(async (o) => {
    const cfg = config(o);
    const database = await openConfigured(cfg);
    try {
      const r = await migrate(database.pool);
      process.stdout.write(r.applied.length ? `Aplicadas: ${r.applied.join(', ')}\n` : `Sin migraciones pendientes (${r.skipped} ya aplicadas).\n`);
    } finally {
      await database.close();
    }
  });

const user = program.command('user').description('Usuarios');
user.command('create').description('Crea un usuario (imprime la contraseña inicial si no se da --password)')
  .requiredOption('--username <name>')
  .requiredOption('--name <display>', 'nombre para mostrar')
  .requiredOption('--institution <id>', 'id de la institución')
  .addOption(new Option('--roles <roles>', `roles separados por coma: ${ROLES.join(', ')}`).makeOptionMandatory())
  .addOption(new Option('--capture-scope <scope>').choices(SCOPES as unknown as string[]).default('entidad'))
  .addOption(new Option('--view-scope <scope>').choices(SCOPES as unknown as string[]).default('entidad'))
  .option('--email <email>')
  .option('--password <password>', 'contraseña (o variable SERENO_NEW_USER_PASSWORD)')
  .option('--data-dir <dir>')
  .action((o) => withDb(async (database) => {
    const roles = String(o.roles).split(',').map((r) => r.trim()) as Role[];
    const bad = roles.find((r) => !ROLES.includes(r));
    if (bad) throw new Error(`rol desconocido: ${bad}`);
    const r = await createUser({ db: database.db, actor: cliActor(), now: () => new Date() }, {
      username: o.username, display_name: o.name, email: o.email, institution_id: Number(o.institution), roles,
      capture_scope: o.captureScope as Scope, view_scope: o.viewScope as Scope, password: o.password ?? process.env.SERENO_NEW_USER_PASSWORD,
    });
    process.stdout.write(`Usuario ${r.user.username} creado (id ${r.user.id}).${r.initial_password ? ` Contraseña inicial: ${r.initial_password}` : ''}\n`);
  }, o).catch(fail));

user.command('reset-password').description('Asigna una contraseña nueva que debe cambiarse al entrar').argument('<username>').option('--data-dir <dir>')
  .action((username: string, o) => withDb(async (database) => {
    const row = await database.db.selectFrom('users').select('id').where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
    if (!row) throw new Error(`no existe el usuario ${username}`);
    const r = await resetUserPassword({ db: database.db, actor: cliActor(), now: () => new Date() }, row.id);
    process.stdout.write(`Contraseña nueva de ${username}: ${r.initial_password}\n`);
  }, o).catch(fail));

program.command('apikey').description('Claves de API').command('create').description('Crea una clave de API de una institución (se muestra una sola vez)')
  .requiredOption('--name <name>').requiredOption('--institution <id>').requiredOption('--roles <roles>').option('--expires <iso>').option('--data-dir <dir>')
  .action((o) => withDb(async (database) => {
    const r = await createApiKey({ db: database.db, actor: cliActor(), now: () => new Date() }, { name: o.name, institution_id: Number(o.institution), roles: String(o.roles).split(',') as Role[], expires_at: o.expires });
    process.stdout.write(`Clave de API «${r.api_key.name}» (id ${r.api_key.id}): ${r.key}\nGuárdela ahora: no se volverá a mostrar.\n`);
  }, o).catch(fail));

program.command('audit').description('Bitácora de auditoría').command('verify').description('Recorre la cadena de hashes; sale con 1 y nombra la primera fila rota').option('--data-dir <dir>')
  .action(async (o) => {
    const cfg = config(o);
    const database = await openConfigured(cfg);
    try {
      const r = await verifyAuditChain(database.db);
      if (r.ok) process.stdout.write(`Bitácora íntegra: ${r.checked} filas verificadas.\n`);
      else {
        process.stderr.write(`Bitácora ALTERADA: la primera fila rota es id=${r.first_broken_id} (${r.reason}); ${r.checked} filas anteriores están íntegras.\n`);
        process.exitCode = 2;
      }
    } catch (err) {
      fail(err);
    } finally {
      await database.close();
    }
  });

program.command('demo').description('Datos de demostración').command('load').description('Carga los datos sintéticos de demostración (una sola vez)').option('--data-dir <dir>')
  .action((o) => withDb(async (database) => {
    const r = await loadDemo(database);
    if (r.already) process.stdout.write('Los datos de demostración ya estaban cargados.\n');
    else process.stdout.write(`Datos SINTÉTICOS cargados:\n  ${r.summaries.join('\n  ')}\nContraseña de los usuarios demo.*: ${r.password}\n`);
  }, o).catch(fail));

// ---------------------------------------------------------------- agreements (issue 6)

/** A service error as a person reads it: the Spanish message and, for validation errors, each field. */
function explainAgreementsError(err: unknown): string {
  if (err instanceof RequestValidationError) return `${t('es', 'validation_failed', { summary: '' })}\n${err.issues.map((i) => { const r = renderIssue(i, 'es'); return `  ${r.path}: ${r.message}`; }).join('\n')}`;
  if (err instanceof AppError) {
    const issues = (err.details as { issues?: { path: string; key?: string; params?: Record<string, unknown> }[] } | undefined)?.issues;
    return [t('es', err.code, err.params), ...(issues ?? []).map((i) => `  ${i.path}: ${i.key ? t('es', i.key, i.params) : ''}`)].join('\n');
  }
  return (err as Error).message;
}

for (const lang of ['es', 'en'] as const) registerMessages(lang, agreementsModule.messages?.[lang] ?? {});
const agreementsCmd = program.command('agreements').description('Acuerdos de la Conferencia Nacional de Secretarios de Seguridad Pública');

agreementsCmd.command('parse').description('Analiza un documento de acuerdos (.txt, .md, .docx) e imprime el resultado en JSON').argument('<file>')
  .option('--reference-date <iso>', 'fecha AAAA-MM-DD para fechas sin año cuando el documento no da la fecha de la sesión')
  .action(async (file: string, o) => {
    process.exitCode = await runAgreementsParse(file, process.stdout, { referenceDate: o.referenceDate });
  });

agreementsCmd.command('import').description('Importa un documento de acuerdos: muestra lo que se creará y pide confirmación').argument('<file>')
  .option('-y, --yes', 'importar sin pedir confirmación (necesario sin terminal interactiva)')
  .option('--commitments', 'crear también los compromisos sugeridos, en estado «propuesto»')
  .option('--reference-date <iso>', 'fecha AAAA-MM-DD para fechas sin año')
  .option('--json', 'imprimir el resultado como JSON')
  .option('--data-dir <dir>')
  .action((file: string, o) => withDb(async (database) => {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      throw new Error(`no se pudo leer «${file}»: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'el archivo no existe' : (e as Error).message}`);
    }
    const ctx = { db: database.db, actor: cliActor(), now: () => new Date() };
    try {
      const upload = readUpload(buf, path.basename(file));
      const request = { text: upload.text, filename: upload.filename, media_type: upload.media_type, read_warnings: upload.warnings, reference_date: o.referenceDate, create_suggested_commitments: !!o.commitments };
      const preview = await previewImport(ctx, request);
      const out = (s: string) => process.stdout.write(`${s}\n`);
      out(`Documento: ${file}`);
      for (const p of preview.plan.sessions) {
        const what = `${p.name ?? '(sin nombre)'} (${p.date ?? 'sin fecha'}) — ${p.agreements} acuerdos, ${p.transitory} transitorios`;
        if (p.action === 'create') out(`  + crear: ${what}${o.commitments && p.suggested_commitments ? `, ${p.suggested_commitments} compromisos sugeridos (se expanden por entidad)` : ''}`);
        else if (p.action === 'skip_existing') out(`  = ya existe (id ${p.existing_id}), se omite: ${what}`);
        else out(`  ! no se puede importar: ${what}\n${p.problems.map((x) => `      ${x.path}: ${x.message}`).join('\n')}`);
      }
      if (preview.warnings.length) out(`Advertencias del análisis:\n${preview.warnings.map((w) => `  - ${w}`).join('\n')}`);
      if (preview.plan.invalid) { process.stderr.write('Error: corrija el documento (o importe el JSON revisado por la API) antes de importar.\n'); process.exitCode = 1; return; }
      if (!preview.plan.sessions.length) { process.stderr.write('Nada que importar: el documento no tiene sesiones con acuerdos (vea las advertencias).\n'); process.exitCode = 1; return; }
      if (!preview.plan.create.sessions) { out('Nada que importar: todas las sesiones ya existen.'); return; }
      out(`Se crearán ${preview.plan.create.sessions} sesiones, ${preview.plan.create.agreements} acuerdos y ${preview.plan.create.transitory} transitorios.`);
      if (!o.yes) {
        if (!process.stdin.isTTY) { process.stderr.write('Sin terminal interactiva: repita con --yes para confirmar la importación.\n'); process.exitCode = 1; return; }
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question('¿Importar? [s/N] ');
        rl.close();
        if (!/^(s|si|sí|y|yes)$/i.test(answer.trim())) { out('Importación cancelada.'); return; }
      }
      const result = await importAgreements(ctx, request);
      if (o.json) { out(JSON.stringify(result, null, 2)); return; }
      out(`Importado: ${result.created.sessions} sesiones, ${result.created.agreements} acuerdos, ${result.created.transitory} transitorios, ${result.created.commitments} compromisos; ${result.skipped_existing} sesiones ya existían.`);
      for (const s of result.sessions) out(`  ${s.status === 'created' ? '+' : '='} [${s.id}] ${s.name} (${s.date})`);
    } catch (err) {
      throw new Error(explainAgreementsError(err));
    }
  }, o).catch(fail));

agreementsCmd.command('remind').description('Marca los compromisos vencidos y crea los recordatorios pendientes (para cron; el servidor lo hace cada hora)').option('--data-dir <dir>')
  .action((o) => withDb(async (database) => {
    const r = await runReminders({ db: database.db, actor: cliActor(), now: () => new Date() });
    process.stdout.write(`Al ${r.as_of}: ${r.marked_overdue} compromisos pasaron a vencidos; ${r.reminders} recordatorios y ${r.overdue_notifications} avisos de vencimiento creados (correo electrónico: no configurado).\n`);
  }, o).catch(fail));

program.command('match').description('Comparación de personas').command('score')
  .description('Lee pares NDJSON {"a": P, "b": P} de la entrada estándar y escribe {"score","match","features"} por línea, en orden (sin base de datos)')
  .action(async () => {
    const { runMatchScore } = await import('../matching/score-cli.js');
    process.exitCode = await runMatchScore(process.stdin, process.stdout);
  });

await program.parseAsync(process.argv);
