import type { Kysely, Transaction } from 'kysely';
import type { Actor } from './access.js';
import type { CoreTables } from './db-types.js';

/** What every service function receives: the database (or the caller's transaction), the actor and a clock. */
export interface Ctx<T = CoreTables> {
  db: Kysely<T> | Transaction<T>;
  actor: Actor;
  /** The clock; tests replace it, nothing else reads Date.now() for business rules. */
  now: () => Date;
}

export const systemClock = () => new Date();
