import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { hashPassword } from '../../core/auth/passwords.js';
import type { Database } from '../../core/db.js';
import type { Role, Scope } from '../../shared/permissions.js';

/** States that get demo institutions and users: [entidad, short name, user suffix]. */
export const DEMO_STATES: [string, string, string][] = [
  ['14', 'Jalisco', 'jal'], ['09', 'Ciudad de México', 'cdmx'], ['19', 'Nuevo León', 'nl'], ['26', 'Sonora', 'son'],
  ['31', 'Yucatán', 'yuc'], ['11', 'Guanajuato', 'gto'], ['15', 'Estado de México', 'mex'], ['08', 'Chihuahua', 'chih'],
];
const WITH_USERS = new Set(['14', '09', '19']);

/** Synthetic institutions and users, clearly named demo.*, sharing one password printed at first start. */
export async function loadAdminDemo(database: Database, opts: { password: string }): Promise<{ summary: string }> {
  const hash = await hashPassword(opts.password);
  let institutions = 0;
  let users = 0;
  await database.db.transaction().execute(async (trx) => {
    const addUser = async (username: string, display: string, institutionId: number, entidad: string | null, roles: Role[], scope: Scope) => {
      const u = await trx.insertInto('users').values({ username, display_name: `${display} (demo)`, password_hash: hash, institution_id: institutionId, entidad, roles, capture_scope: scope, view_scope: scope })
        .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing()).returning('id').executeTakeFirst();
      if (u) users++;
    };
    const national = await trx.insertInto('institutions').values({ name: 'Secretariado Ejecutivo del SNSP (demo)', type: 'sesnsp', entidad: null }).returning('id').executeTakeFirstOrThrow();
    institutions++;
    const st = await trx.selectFrom('institutions').select('id').where('type', '=', 'conference_secretariat').where('entidad', 'is', null).executeTakeFirstOrThrow();
    await addUser('demo.auditor', 'Auditoría nacional', national.id, null, ['auditor'], 'national');
    await addUser('demo.analista.nacional', 'Analista nacional', national.id, null, ['analyst'], 'national');
    await addUser('demo.secretaria', 'Secretaría Técnica', st.id, null, ['secretariat'], 'national');
    for (const [entidad, name, suffix] of DEMO_STATES) {
      const make = async (label: string, type: string) => {
        const row = await trx.insertInto('institutions').values({ name: `${label} ${name}`, type, entidad }).returning('id').executeTakeFirstOrThrow();
        institutions++;
        return row.id;
      };
      const sec = await make('Secretaría de Seguridad de', 'security_secretariat');
      const c5 = await make('C5', 'c5');
      await make('Fiscalía del Estado de', 'prosecutor');
      await make('Sistema Penitenciario de', 'penitentiary');
      if (!WITH_USERS.has(entidad)) continue;
      await addUser(`demo.admin.${suffix}`, `Administración ${name}`, sec, entidad, ['state_admin'], 'entidad');
      await addUser(`demo.capturista.${suffix}`, `Capturista ${name}`, sec, entidad, ['capturist'], 'entidad');
      await addUser(`demo.analista.${suffix}`, `Analista ${name}`, sec, entidad, ['analyst'], 'entidad');
      await addUser(`demo.c5.${suffix}`, `Operador C5 ${name}`, c5, entidad, ['c5_operator'], 'entidad');
      await addUser(`demo.enlace.${suffix}`, `Enlace ${name}`, sec, entidad, ['liaison'], 'entidad');
    }
    await writeAudit(trx, SYSTEM_ACTOR, { action: 'demo.accounts_loaded', details: { institutions, users } });
  });
  return { summary: `${institutions} instituciones y ${users} usuarios demo.* en ${DEMO_STATES.length} entidades` };
}
