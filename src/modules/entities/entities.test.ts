import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helper.js';
import type { Database } from '../../core/db.js';
import type { CoreTables } from '../../core/db-types.js';
import { sql } from 'kysely';
import { personKeys, type PersonInput } from '../../matching/index.js';
import { canCopy } from '../../core/db.js';
import type { RowEncoding } from '../../core/rowtext.js';
import type { MentionPersona } from './entities.schema.js';
import {
  encodeMention, findPersonMentions, indexPersonMention, indexPersonMentions, insertNewMentions, MENTIONS_INDEXED, personCandidateCondition, personCandidateTest,
  type CandidateOptions,
} from './entities.service.js';

describe('candidate retrieval over the entity index', () => {
  let database: Database;
  const people: (PersonInput & { id: string })[] = [
    { id: 'exact', nombre: 'José Luis', apellido_paterno: 'Hernández', apellido_materno: 'García', sexo: 'H', fecha_nacimiento: '1984-05-02' },
    { id: 'variant', nombre: 'Jose Luis', apellido_paterno: 'Ernandes', apellido_materno: 'Garsia', sexo: 'H' },
    { id: 'given+paterno', nombre: 'José', apellido_paterno: 'Hernández', apellido_materno: 'Ruiz', sexo: 'H' },
    { id: 'paterno-only', nombre: 'Ana', apellido_paterno: 'Hernández', apellido_materno: 'Soto', sexo: 'M' },
    { id: 'given-only', nombre: 'José Luis', apellido_paterno: 'Pacheco', apellido_materno: 'Ibarra', sexo: 'H' },
    { id: 'mononym', nombre: 'Xóchitl', sexo: 'M' },
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.transaction().execute(async (trx) => {
      for (const p of people) {
        const { id, ...persona } = p;
        await indexPersonMention(trx as Transaction<CoreTables>, { entidad: '14', registry: 'detention', recordId: id, observedAt: new Date('2026-10-01T12:00:00Z'), persona: persona as never });
      }
    });
  });
  afterAll(() => database.close());

  const ids = (hits: { mention: { record_id: string } }[]) => hits.map((h) => h.mention.record_id).sort();

  it('finds records sharing a surname pair or a given name + surname, not those sharing one surname or only given names', async () => {
    const hits = await findPersonMentions(database.db, { nombre: 'José Luis', apellido_paterno: 'Hernández', apellido_materno: 'García' }, { trigram: 'fallback', minCandidates: 1 });
    expect(ids(hits)).toEqual(['exact', 'given+paterno', 'variant']);
    expect(hits[0].mention.record_id).toMatch(/exact|variant/);
    expect(hits.find((h) => h.mention.record_id === 'variant')!.match).toBe(true);
  });

  it('falls back to trigram similarity when the keys find too few (a one-word name), and always uses it for the exhaustive search', async () => {
    const mono = await findPersonMentions(database.db, { nombre_completo: 'Xochitl' }, { trigram: 'fallback', minCandidates: 5 });
    expect(ids(mono)).toContain('mononym');
    const exhaustive = await findPersonMentions(database.db, { nombre: 'José Luis', apellido_paterno: 'Pacheco', apellido_materno: 'Ibara' }, { trigram: 'always' });
    expect(ids(exhaustive)).toContain('given-only');
  });
});

describe('personCandidateTest, the TypeScript form of personCandidateCondition', () => {
  let database: Database;
  // Shared surnames, given names, nicknames, one CURP on two records, a mononym, particles, a misspelling.
  const people: PersonInput[] = [
    { nombre: 'José Luis', apellido_paterno: 'Hernández', apellido_materno: 'García', curp: 'HEGL840502HJCRRS05' },
    { nombre: 'Jose Luis', apellido_paterno: 'Ernandes', apellido_materno: 'Garsia', alias: ['El Flaco'] },
    { nombre: 'José', apellido_paterno: 'Hernández', apellido_materno: 'Ruiz', alias: 'El Flaco' },
    { nombre: 'Ana', apellido_paterno: 'Hernández', apellido_materno: 'Soto', curp: 'HEGL840502HJCRRS05' },
    { nombre: 'María de los Ángeles', apellido_paterno: 'de la Cruz', apellido_materno: 'Núñez', alias: ['La Güera'] },
    { nombre: 'Angeles', apellido_paterno: 'Cruz', apellido_materno: 'Nunez' },
    { nombre: 'Pepe', apellido_paterno: 'García', apellido_materno: 'Hernández' },
    { nombre: 'Xóchitl', sexo: 'M' },
    { nombre_completo: 'Xochitl Gálvez' },
    { nombre: 'Juan', apellido_paterno: 'Pérez', apellido_materno: 'López', alias: ['El Cholo', 'Juanito'] },
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.transaction().execute(async (trx) => {
      for (const [i, persona] of people.entries()) {
        await indexPersonMention(trx as Transaction<CoreTables>, { entidad: '14', registry: 'detention', recordId: `p${i}`, observedAt: new Date('2026-10-01T12:00:00Z'), persona: persona as never });
      }
    });
  });
  afterAll(() => database.close());

  const queries: PersonInput[] = [...people, { nombre: 'J. Luis', apellido_paterno: 'Hernandez' }, { nombre_completo: 'El Flaco' }, { nombre: 'Ana', apellido_paterno: 'Soto' }];
  const options: CandidateOptions[] = [{ trigram: true }, { trigram: false }, { trigram: true, aliasWithNameKey: true }];

  it('keeps, from all rows, exactly the rows the SQL condition selects', async () => {
    let selected = 0;
    for (const q of queries) {
      const k = personKeys(q);
      for (const opts of options) {
        const cols = { fullName: 'm.full_name', blockingKeys: 'm.blocking_keys', aliases: 'm.aliases', curp: 'm.curp' };
        const bySql = (await sql<{ record_id: string }>`SELECT record_id FROM person_mentions m WHERE ${personCandidateCondition(k, cols, opts)}`.execute(database.db)).rows.map((r) => r.record_id).sort();
        const all = (await sql<{ record_id: string; blocking_keys: string[]; curp: string | null; aliases: string[] | null; trgm: boolean }>`
          SELECT record_id, blocking_keys, curp, aliases, full_name % ${k.fullName} AS trgm FROM person_mentions m`.execute(database.db)).rows;
        const byTs = all.filter((r) => personCandidateTest(k, r, r.trgm, opts)).map((r) => r.record_id).sort();
        expect(byTs, `${JSON.stringify(q)} ${JSON.stringify(opts)}`).toEqual(bySql);
        selected += bySql.length;
      }
    }
    expect(selected).toBeGreaterThan(queries.length * options.length); // the arms do select: not an empty agreement
  });
});

describe('insertNewMentions, the bulk write of new records\' mentions', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  // Accents, an alias, a CURP, missing parts, a tab, a backslash, a quote and the packed encoding's separator characters.
  const personas: MentionPersona[] = [
    { nombre: 'José Luis', apellido_paterno: 'Hernández', apellido_materno: 'García', sexo: 'H', fecha_nacimiento: '1984-05-02', curp: 'HEGL840502HJCRRS09', alias: ['El Flaco'] },
    { nombre: 'Xóchitl', apellido_paterno: null, apellido_materno: null, sexo: 'M', alias: [] },
    { nombre: 'Ana\tMaría "la\\de"', apellido_paterno: 'O\u001fBrien\u001e', apellido_materno: 'Soto\u001c', sexo: 'M', alias: ['x\u001dy'] } as MentionPersona,
  ];
  const read = async (registry: string) => (await sql<Record<string, unknown>>`
    SELECT record_id, label, institution_id, observed_at, full_name, blocking_keys, curp, fecha_nacimiento::text AS fecha_nacimiento,
      sexo, aliases, persona, source_version, indexed_at FROM person_mentions WHERE registry = ${registry} ORDER BY record_id`.execute(database.db)).rows;

  it('writes, in either encoding, the same mentions indexPersonMentions writes, and announces them', async () => {
    const now = new Date('2026-11-30T18:00:00Z');
    const base = { entidad: '09', institutionId: 7, observedAt: new Date('2026-11-29T10:30:00Z'), version: 1 };
    await database.db.transaction().execute((trx) => indexPersonMentions(trx as Transaction<CoreTables>, personas.map((persona, i) => ({ ...base, registry: 'upsert', recordId: i + 1, label: `F-${i + 1}`, persona })), now));
    const encodings: RowEncoding[] = canCopy(database.db) ? ['packed', 'copy'] : ['packed'];
    for (const encoding of encodings) {
      const events = await database.db.transaction().execute(async (trx) => {
        await insertNewMentions(trx as Transaction<CoreTables>, `new-${encoding}`, encoding, personas.map((persona, i) => ({ entidad: '09', recordId: i + 1, label: `F-${i + 1}`, mention: encodeMention({ ...base, persona }, encoding) })), now);
        return (await sql<{ type: string; payload: { mentions: { record_id: string }[] } }>`SELECT type, payload FROM outbox WHERE payload ->> 'entidad' = '09' AND payload -> 'mentions' -> 0 ->> 'registry' = ${`new-${encoding}`}`.execute(trx)).rows;
      });
      expect(await read(`new-${encoding}`)).toEqual(await read('upsert'));
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe(MENTIONS_INDEXED);
      expect(events[0].payload.mentions.map((m) => m.record_id)).toEqual(['1', '2', '3']);
    }
    expect((await read('upsert'))[0]).toMatchObject({ full_name: 'JOSE LUIS HERNANDEZ GARCIA', curp: 'HEGL840502HJCRRS09', fecha_nacimiento: '1984-05-02', aliases: ['FLACO'] });
  });
});
