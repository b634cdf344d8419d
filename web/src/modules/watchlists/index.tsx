import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/** Sistema de Objetivos Prioritarios: list with filters, listing form, detail with history, status changes and its alerts. */
registerTranslations({ es, en });

registerNav({ path: '/objetivos', labelKey: 'wl.nav.list', permission: 'watchlist.read', section: 'operations', order: 40, descriptionKey: 'wl.desc.list' });
registerRoute({ path: '/objetivos', permission: 'watchlist.read', lazy: () => import('./TargetsPage') });
registerNav({ path: '/objetivos/nuevo', labelKey: 'wl.nav.create', permission: 'watchlist.manage', section: 'operations', order: 41 });
registerRoute({ path: '/objetivos/nuevo', permission: 'watchlist.manage', lazy: () => import('./TargetFormPage') });
registerRoute({ path: '/objetivos/:id', permission: 'watchlist.read', lazy: () => import('./TargetPage') });
