import { registerNav, registerRoute } from '../../nav';

/** Administration: institutions, users and API keys (pages are code-split). */
registerNav({ path: '/instituciones', labelKey: 'nav.institutions', permission: 'institution.manage', section: 'admin', order: 10, descriptionKey: 'nav.desc.institutions' });
registerRoute({ path: '/instituciones', permission: 'institution.manage', lazy: () => import('./InstitutionsPage') });

registerNav({ path: '/usuarios', labelKey: 'nav.users', permission: 'user.manage', section: 'admin', order: 20, descriptionKey: 'nav.desc.users' });
registerRoute({ path: '/usuarios', permission: 'user.manage', lazy: () => import('./UsersPage') });

registerNav({ path: '/claves-api', labelKey: 'nav.apiKeys', permission: 'apikey.manage', section: 'admin', order: 30, descriptionKey: 'nav.desc.apiKeys' });
registerRoute({ path: '/claves-api', permission: 'apikey.manage', lazy: () => import('./ApiKeysPage') });
