import { registerTranslations } from '../../i18n';
import { registerNav, registerRoute } from '../../nav';
import { en, es } from './strings';

/** Búsqueda de personas over the entity index (POST /api/search/persons): reason required, ranked and explained. */
registerTranslations({ es, en });

registerNav({ path: '/personas/buscar', labelKey: 'ps.nav.search', permission: 'person.search', section: 'search', order: 10, descriptionKey: 'ps.desc.search' });
registerRoute({ path: '/personas/buscar', permission: 'person.search', lazy: () => import('./SearchPage') });
