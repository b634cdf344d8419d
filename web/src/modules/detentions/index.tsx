import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/** Registro Nacional de Detenciones: capture, list and timeline, dashboard, bulk upload (pages are code-split). */
registerTranslations({ es, en });

registerNav({ path: '/detenciones/nueva', labelKey: 'det.nav.capture', permission: 'detention.capture', section: 'operations', order: 10, descriptionKey: 'det.desc.capture' });
registerRoute({ path: '/detenciones/nueva', permission: 'detention.capture', lazy: () => import('./CapturePage') });

registerNav({ path: '/detenciones', labelKey: 'det.nav.list', permission: 'detention.read', section: 'operations', order: 20, descriptionKey: 'det.desc.list' });
registerRoute({ path: '/detenciones', permission: 'detention.read', lazy: () => import('./ListPage') });
registerRoute({ path: '/detenciones/:folio', permission: 'detention.read', lazy: () => import('./DetailPage') });

registerNav({ path: '/tablero', labelKey: 'det.nav.dashboard', permission: 'detention.dashboard', section: 'analysis', order: 10, descriptionKey: 'det.desc.dashboard' });
registerRoute({ path: '/tablero', permission: 'detention.dashboard', lazy: () => import('./DashboardPage') });

registerNav({ path: '/detenciones/carga', labelKey: 'det.nav.import', permission: 'detention.capture', section: 'operations', order: 30, descriptionKey: 'det.desc.import' });
registerRoute({ path: '/detenciones/carga', permission: 'detention.capture', lazy: () => import('./ImportPage') });
