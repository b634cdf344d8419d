import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/** Stolen vehicles: C5 live hit view with map, theft/recovery reports, statistics (pages are code-split). */
registerTranslations({ es, en });

registerNav({ path: '/c5/vehiculos', labelKey: 'veh.nav.c5', permission: 'alert.read', section: 'operations', order: 40, descriptionKey: 'veh.desc.c5' });
registerRoute({ path: '/c5/vehiculos', permission: 'alert.read', lazy: () => import('./C5Page') });

registerNav({ path: '/vehiculos', labelKey: 'veh.nav.reports', permission: 'vehicle.read', section: 'operations', order: 50, descriptionKey: 'veh.desc.reports' });
registerRoute({ path: '/vehiculos', permission: 'vehicle.read', lazy: () => import('./ReportsPage') });

registerNav({ path: '/vehiculos/estadistica', labelKey: 'veh.nav.stats', permission: 'vehicle.read', section: 'analysis', order: 30, descriptionKey: 'veh.desc.stats' });
registerRoute({ path: '/vehiculos/estadistica', permission: 'vehicle.read', lazy: () => import('./StatsPage') });
