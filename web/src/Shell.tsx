import { AppShell, Badge, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { get } from './api';
import { useMe, useAuth } from './auth';
import { LangSwitch } from './components/LangSwitch';
import { UserMenu } from './components/UserMenu';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PageLoader } from './components/ui';
import { NAV_SECTIONS, navTestId, visibleNav, type NavItem } from './nav';
import type { Meta } from './types';

/** GET /api/meta, shared by the banner and the footer. */
export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: () => get<Meta>('/api/meta'), staleTime: Infinity, retry: false });
}

function isActive(item: NavItem, pathname: string) {
  return item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The signed-in frame: header (wordmark, user, roles, territory, language, logout), left navigation, content. */
export default function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const meta = useMeta();
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the content after navigation so keyboard and screen-reader users land on the new page.
  const first = useRef(true);
  useEffect(() => { if (first.current) { first.current = false; return; } mainRef.current?.focus({ preventScroll: true }); }, [pathname]);

  // Close the mobile menu on navigation.
  useEffect(() => { close(); }, [pathname, close]);

  const items = visibleNav(me.permissions);
  const sections = [...NAV_SECTIONS, ...new Set(items.map((i) => i.section).filter((s) => !(NAV_SECTIONS as readonly string[]).includes(s)))];

  return (
    <>
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>{t('app.skipToContent')}</a>
      <AppShell
        header={{ height: meta.data?.demo ? 92 : 64 }}
        navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header className="sereno-header sereno-on-dark" withBorder={false}>
          {meta.data?.demo && <div className="sereno-demo-banner" role="note" data-testid="demo-banner">{t('app.demoBanner')}</div>}
          <Group h={60} px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="#fff" aria-label={t('app.openMenu')} aria-expanded={opened} />
              <Link to="/" className="sereno-wordmark" data-testid="wordmark">Sereno</Link>
            </Group>
            <Group gap="md" wrap="nowrap">
              <UserMenu />
              <LangSwitch onDark />
              <Button size="compact-sm" variant="white" color="guinda" onClick={() => void logout()} data-testid="logout">{t('auth.logout')}</Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p={0} aria-label={t('app.mainNav')} component="nav">
          <AppShell.Section grow py="xs" style={{ overflowY: 'auto' }}>
            {sections.map((s) => {
              const inSection = items.filter((i) => i.section === s);
              if (!inSection.length) return null;
              return (
                <div key={s} role="group" aria-labelledby={`nav-section-${s}`}>
                  <div className="sereno-nav-section" id={`nav-section-${s}`}>{t(`nav.section.${s}`, { defaultValue: s })}</div>
                  {inSection.map((i) => (
                    <NavLink
                      key={i.path}
                      component={Link}
                      to={i.path}
                      label={t(i.labelKey)}
                      leftSection={i.icon}
                      active={isActive(i, pathname)}
                      aria-current={isActive(i, pathname) ? 'page' : undefined}
                      data-testid={navTestId(i.path)}
                      color="guinda"
                      variant="light"
                    />
                  ))}
                </div>
              );
            })}
          </AppShell.Section>
          <AppShell.Section p="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Group gap={6}>
              <Text size="xs" c="dimmed">Sereno {meta.data?.version ?? ''}</Text>
              {meta.data?.demo && <Badge size="xs" color="yellow" variant="light">demo</Badge>}
            </Group>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" ref={mainRef} tabIndex={-1} style={{ outline: 'none' }}>
          <ErrorBoundary resetKey={pathname}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
