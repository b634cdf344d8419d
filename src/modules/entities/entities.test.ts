import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helper.js';
import type { Database } from '../../core/db.js';
import type { CoreTables } from '../../core/db-types.js';
import type { PersonInput } from '../../matching/index.js';
import { findPersonMentions, indexPersonMention } from './entities.service.js';

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
