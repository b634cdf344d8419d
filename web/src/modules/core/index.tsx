import { registerNav, registerRoute } from '../../nav';
import HomePage from '../../pages/HomePage';

/** Home (eager: it is the first page everyone sees) and the account-security page (lazy). */
registerNav({ path: '/', labelKey: 'nav.home', section: 'main', order: 0 });
registerRoute({ path: '/', element: <HomePage /> });

registerNav({ path: '/seguridad', labelKey: 'nav.security', section: 'account', order: 10, descriptionKey: 'nav.desc.security' });
registerRoute({ path: '/seguridad', lazy: () => import('../../pages/SecurityPage') });
