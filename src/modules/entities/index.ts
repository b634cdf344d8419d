import type { SerenoModule } from '../../core/module.js';
import { entityHandlers } from './entities.handlers.js';
import { entitiesRoutes } from './entities.routes.js';
import { messages } from './entities.schema.js';

export type { EntityTables, MentionPersona } from './entities.schema.js';
export {
  encodeMention, findPersonMentions, getMention, insertNewMentions, indexPersonMention, indexPersonMentions, matchPersons, MENTION_INDEXED, MENTIONS_INDEXED, personCandidateCondition, personCandidateRank, personCandidateTest, searchPersons,
  type MentionRow, type PersonHit, type PersonMentionInput,
} from './entities.service.js';

/** The entity index: person mentions from every registry, candidate retrieval and person search (issue 4). */
export const entitiesModule: SerenoModule = { name: 'entities', routes: entitiesRoutes, handlers: entityHandlers, messages };
