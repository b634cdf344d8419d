import { Navigate } from 'react-router';
import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/**
 * Acuerdos de la Conferencia: sessions read like the official document, import with a review step, commitments
 * board by state, progress with evidence, compliance table, full-text search, notices and liaisons (pages are code-split).
 */
registerTranslations({ es, en });

const READ = 'agreement.read' as const;
const MANAGE = 'agreement.manage' as const;

registerRoute({ path: '/acuerdos', element: <Navigate to="/acuerdos/sesiones" replace />, permission: READ });

registerNav({ path: '/acuerdos/sesiones', labelKey: 'ag.nav.sessions', permission: READ, section: 'agreements', order: 10, descriptionKey: 'ag.desc.sessions' });
registerRoute({ path: '/acuerdos/sesiones', permission: READ, lazy: () => import('./SessionsPage') });
registerRoute({ path: '/acuerdos/sesiones/:id', permission: READ, lazy: () => import('./SessionPage') });
registerRoute({ path: '/acuerdos/sesiones/:sessionId/acuerdos/:id', permission: READ, lazy: () => import('./AgreementPage') });

registerNav({ path: '/acuerdos/importar', labelKey: 'ag.nav.import', permission: MANAGE, section: 'agreements', order: 15, descriptionKey: 'ag.desc.import' });
registerRoute({ path: '/acuerdos/importar', permission: MANAGE, lazy: () => import('./ImportPage') });

registerNav({ path: '/acuerdos/compromisos', labelKey: 'ag.nav.board', permission: READ, section: 'agreements', order: 20, descriptionKey: 'ag.desc.board' });
registerRoute({ path: '/acuerdos/compromisos', permission: READ, lazy: () => import('./BoardPage') });
registerRoute({ path: '/acuerdos/compromisos/:id', permission: READ, lazy: () => import('./CommitmentPage') });

registerNav({ path: '/acuerdos/cumplimiento', labelKey: 'ag.nav.compliance', permission: READ, section: 'agreements', order: 30, descriptionKey: 'ag.desc.compliance' });
registerRoute({ path: '/acuerdos/cumplimiento', permission: READ, lazy: () => import('./CompliancePage') });

registerNav({ path: '/acuerdos/buscar', labelKey: 'ag.nav.search', permission: READ, section: 'agreements', order: 40, descriptionKey: 'ag.desc.search' });
registerRoute({ path: '/acuerdos/buscar', permission: READ, lazy: () => import('./SearchPage') });

registerNav({ path: '/acuerdos/avisos', labelKey: 'ag.nav.notifications', permission: READ, section: 'agreements', order: 50 });
registerRoute({ path: '/acuerdos/avisos', permission: READ, lazy: () => import('./NotificationsPage') });

registerNav({ path: '/acuerdos/enlaces', labelKey: 'ag.nav.liaisons', permission: READ, section: 'agreements', order: 60 });
registerRoute({ path: '/acuerdos/enlaces', permission: READ, lazy: () => import('./LiaisonsPage') });
