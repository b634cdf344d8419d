import { registerNav, registerRoute } from '../../nav';
import HomePage from '../../pages/HomePage';

/** Home (eager: it is the first page everyone sees) and the account pages (lazy). */
registerNav({ path: '/', labelKey: 'nav.home', section: 'main', order: 0 });
registerRoute({ path: '/', element: <HomePage /> });

registerNav({ path: '/cambiar-contrasena', labelKey: 'nav.password', section: 'account', order: 10, descriptionKey: 'nav.desc.password' });
registerRoute({ path: '/cambiar-contrasena', lazy: () => import('../../pages/AccountPasswordPage') });

registerNav({ path: '/seguridad', labelKey: 'nav.security', section: 'account', order: 20, descriptionKey: 'nav.desc.security' });
registerRoute({ path: '/seguridad', lazy: () => import('../../pages/SecurityPage') });
