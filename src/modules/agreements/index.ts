import type { SerenoModule } from '../../core/module.js';
import { loadAgreementsDemo } from './agreements.demo.js';
import { agreementsRoutes } from './agreements.routes.js';
import { messages } from './agreements.schema.js';

export { parseAgreements, runAgreementsParse } from './agreements.parse.js';
export { getAgreement, getSessionPage, listSessions, searchAgreements } from './agreements.service.js';
export { complianceTable, createCommitments, listCommitments, reportProgress, runReminders } from './commitments.service.js';
export { importAgreements, previewImport, readUpload } from './import.service.js';

/** The Conference's sessions, acuerdos, commitments and their follow-up (issue 6); see README.md in this folder. */
export const agreementsModule: SerenoModule = { name: 'agreements', routes: agreementsRoutes, messages, demo: (db, o) => loadAgreementsDemo(db, o) };
