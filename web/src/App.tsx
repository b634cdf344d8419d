import { Container } from '@mantine/core';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth';
import { ErrorAlert, Forbidden, NotFound, PageLoader } from './components/ui';
import { registeredRoutes, type ResolvedRoute } from './nav';
import ChangePasswordPage from './pages/ChangePasswordPage';
import LoginPage from './pages/LoginPage';
import Shell from './Shell';

/** Public pages: no session needed (the detentions consultation the law requires). */
const PublicConsultaPage = lazy(() => import('./modules/detentions/PublicConsultaPage'));
export const PUBLIC_CONSULTA_PATH = '/consulta-detenciones';

function Guarded({ route }: { route: ResolvedRoute }) {
  const { can } = useAuth();
  if (!can(route.permission)) return <Forbidden />;
  const C = route.Component;
  return C ? <C /> : <>{route.element}</>;
}

/** Session gate (login / forced password change) around the routes registered by the modules. */
export default function App() {
  const { me, loading, error, refresh } = useAuth();
  const hadSession = useRef(false);
  const [expired, setExpired] = useState(false);
  const location = useLocation();

  useEffect(() => {
    if (me) {
      hadSession.current = true;
      setExpired(false);
    } else if (hadSession.current) setExpired(true);
  }, [me]);

  if (location.pathname === PUBLIC_CONSULTA_PATH) return <Suspense fallback={<PageLoader />}><PublicConsultaPage /></Suspense>;
  if (loading) return <PageLoader />;
  if (error) {
    return (
      <Container size={480} pt={64}>
        <ErrorAlert error={error} onRetry={() => void refresh()} />
      </Container>
    );
  }
  if (!me) return <LoginPage expired={expired} />;
  if (me.must_change_password) return <ChangePasswordPage />;

  return (
    <Routes>
      <Route element={<Shell />}>
        {registeredRoutes().map((r) => <Route key={r.path} path={r.path} element={<Guarded route={r} />} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
