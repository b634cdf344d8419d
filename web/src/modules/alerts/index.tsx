import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/** Alertas: the live list of priority-target hits (SSE) and the detail where they are worked. */
registerTranslations({ es, en });

registerNav({ path: '/alertas', labelKey: 'al.nav.list', permission: 'alert.read', section: 'operations', order: 5, descriptionKey: 'al.desc.list' });
registerRoute({ path: '/alertas', permission: 'alert.read', lazy: () => import('./AlertsPage') });
registerRoute({ path: '/alertas/:id', permission: 'alert.read', lazy: () => import('./AlertPage') });
