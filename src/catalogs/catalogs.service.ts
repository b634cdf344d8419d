import { sql } from 'kysely';
import { ROLE_LABELS, ROLE_PERMISSIONS, ROLES } from '../shared/permissions.js';
import type { Ctx } from '../core/context.js';
import type { Database } from '../core/db.js';
import { ENTIDADES } from './data/entidades.js';
import { INSTITUTION_TYPES } from './data/institution-types.js';
import { OFFENCES } from './data/offences.js';
import { loadMunicipios } from './municipios.js';

/**
 * Loads the reference catalogues (idempotent upserts, so a new release's corrections reach existing
 * databases). The zone of an entidad is data an administrator may change: it is only set on insert.
 */
export async function seedCatalogs(database: Database): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await trx.insertInto('entidades').values(ENTIDADES.map((e) => ({
      code: e.code, name: e.name, short_name: e.short_name, abbreviation: e.abbreviation, curp_code: e.curp_code, zone: e.zone,
      capital: e.capital ?? null, lat: e.centroid?.lat ?? null, lon: e.centroid?.lon ?? null,
    }))).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), short_name: eb.ref('excluded.short_name'), abbreviation: eb.ref('excluded.abbreviation'),
      curp_code: eb.ref('excluded.curp_code'), capital: eb.ref('excluded.capital'), lat: eb.ref('excluded.lat'), lon: eb.ref('excluded.lon'),
    }))).execute();
    await trx.insertInto('institution_types').values(INSTITUTION_TYPES.map((t) => ({ code: t.code, name_es: t.name_es, name_en: t.name_en })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name_es: eb.ref('excluded.name_es'), name_en: eb.ref('excluded.name_en') }))).execute();
    await trx.insertInto('offences').values(OFFENCES.map((o) => ({
      code: o.code, kind: o.kind, name_es: o.name_es, name_en: o.name_en, category: o.category, fuero: o.fuero,
      extended_retention: !!o.extended_retention, prision_preventiva_oficiosa: !!o.prision_preventiva_oficiosa,
    }))).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
      kind: eb.ref('excluded.kind'), name_es: eb.ref('excluded.name_es'), name_en: eb.ref('excluded.name_en'), category: eb.ref('excluded.category'),
      fuero: eb.ref('excluded.fuero'), extended_retention: eb.ref('excluded.extended_retention'), prision_preventiva_oficiosa: eb.ref('excluded.prision_preventiva_oficiosa'),
    }))).execute();
    const municipios = loadMunicipios();
    if (municipios.length) {
      const have = await trx.selectFrom('municipios').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      if (have.n !== municipios.length) {
        for (let i = 0; i < municipios.length; i += 1000) {
          await trx.insertInto('municipios').values(municipios.slice(i, i + 1000))
            .onConflict((oc) => oc.columns(['entidad', 'code']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') }))).execute();
        }
      }
    }
  });
}

/** The 32 entidades with their codes and zone. */
export const listEntidades = (ctx: Ctx) =>
  ctx.db.selectFrom('entidades').select(['code', 'name', 'short_name', 'abbreviation', 'curp_code', 'zone', 'capital', 'lat', 'lon']).orderBy('code').execute();

/** Municipalities of one entidad. */
export const listMunicipios = (ctx: Ctx, entidad: string) =>
  ctx.db.selectFrom('municipios').select(['entidad', 'code', 'name']).where('entidad', '=', entidad).orderBy('code').execute();

/** Offences and administrative infractions (active ones). */
export const listOffences = (ctx: Ctx, kind?: 'delito' | 'falta') => {
  let q = ctx.db.selectFrom('offences').selectAll().where('active', '=', true);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('kind').orderBy('category').orderBy('name_es').execute();
};

export const listInstitutionTypes = (ctx: Ctx) => ctx.db.selectFrom('institution_types').selectAll().orderBy('name_es').execute();

/** Roles with their labels and permissions (static). */
export const listRoles = () => ROLES.map((code) => ({ code, name_es: ROLE_LABELS[code].es, name_en: ROLE_LABELS[code].en, permissions: [...ROLE_PERMISSIONS[code]] }));
