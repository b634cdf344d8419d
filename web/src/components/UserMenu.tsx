import { Paper, Text, UnstyledButton } from '@mantine/core';
import { useClickOutside } from '@mantine/hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useAuth, useMe } from '../auth';
import { useRoleLabel } from '../catalogs';

/**
 * The header's account button (name, roles, entidad, institution) and its drop-down (profile, password, two-step
 * verification, sign out). A disclosure, not a Mantine Menu: it keeps the floating-positioning library out of the
 * initial bundle. Escape or a click outside closes it and focus returns to the button.
 */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const roleLabel = useRoleLabel();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useClickOutside<HTMLDivElement>(() => setOpen(false));
  const { pathname } = useLocation();

  useEffect(() => { setOpen(false); }, [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { setOpen(false); buttonRef.current?.focus(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const roles = me.roles.map(roleLabel).join(', ');
  const where = me.entidad?.name ?? t('app.national');

  return (
    <div ref={rootRef} className="sereno-user-menu">
      <UnstyledButton
        ref={buttonRef}
        className="sereno-user-button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('app.userMenu', { name: me.display_name })}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sereno-header-meta" data-testid="header-user">
          <Text component="span" display="block" fw={700} size="sm" c="#fff" lh={1.2} data-testid="header-name">
            {me.display_name} <span aria-hidden>▾</span>
          </Text>
          <span className="sereno-header-sub">
            <span data-testid="header-roles">{roles}</span>
            <span aria-hidden> · </span>
            <span data-testid="header-entidad">{where}</span>
            {me.institution && (<><span aria-hidden> · </span><span data-testid="header-institution" className="sereno-header-institution">{me.institution.name}</span></>)}
          </span>
        </span>
      </UnstyledButton>
      {open && (
        <Paper id={panelId} className="sereno-user-panel" shadow="md" withBorder data-testid="user-menu-dropdown">
          <div className="sereno-user-card">
            <Text size="sm" fw={700}>{me.display_name}</Text>
            <Text size="xs" className="sereno-mono">{me.username}</Text>
            <Text size="xs" mt={4}>{roles}</Text>
            <Text size="xs">{where}{me.institution ? ` · ${me.institution.name}` : ''}</Text>
          </div>
          <ul className="sereno-user-links">
            <li><Link to="/cambiar-contrasena" data-testid="user-menu-password">{t('nav.password')}</Link></li>
            <li><Link to="/seguridad" data-testid="user-menu-security">{t('nav.security')}</Link></li>
            <li><button type="button" onClick={() => void logout()} data-testid="user-menu-logout">{t('auth.logout')}</button></li>
          </ul>
        </Paper>
      )}
    </div>
  );
}
