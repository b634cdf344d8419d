import { registerNav, registerRoute } from '../../nav';

/** The audit log with its hash-chain check (code-split). */
registerNav({ path: '/auditoria', labelKey: 'nav.audit', permission: 'audit.read', section: 'admin', order: 90, descriptionKey: 'nav.desc.audit' });
registerRoute({ path: '/auditoria', permission: 'audit.read', lazy: () => import('./AuditPage') });
