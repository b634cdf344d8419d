import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { ApiError, api, onApiError, readCookie } from './api';
import { allowed, type PermissionRule } from './nav';
import type { Me } from './types';

interface AuthValue {
  /** The signed-in user; null when signed out. */
  me: Me | null;
  /** True until the first /api/auth/me answer. */
  loading: boolean;
  /** Set when /api/auth/me failed for a reason other than "signed out" (server down…). */
  error: unknown;
  /** Stores the user after a successful login (or password change). */
  setMe(me: Me | null): void;
  /** Reloads /api/auth/me. */
  refresh(): Promise<unknown>;
  logout(): Promise<void>;
  /** True when the user holds the permission (any of a list). */
  can(rule?: PermissionRule): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  // Signing in sets the readable CSRF cookie beside the session cookie, and signing out clears both: without it there
  // is no session to ask about (and no 401 to log in the console of the login and public pages).
  if (!readCookie('sereno_csrf')) return null;
  try {
    return (await api<{ user: Me }>('/api/auth/me')).user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Loads the session once (GET /api/auth/me) and keeps it in the query cache. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = q.data ?? null;

  const setMe = useCallback((m: Me | null) => {
    if (m === null) {
      qc.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
    }
    qc.setQueryData(ME_KEY, m);
  }, [qc]);

  // A 401 anywhere means the session ended; a 403 password_change_required means the user must change it first.
  useEffect(() => onApiError((e) => {
    if (e.code === 'unauthenticated' && qc.getQueryData(ME_KEY)) setMe(null);
    if (e.code === 'password_change_required') {
      const cur = qc.getQueryData<Me | null>(ME_KEY);
      if (cur && !cur.must_change_password) qc.setQueryData(ME_KEY, { ...cur, must_change_password: true });
    }
  }), [qc, setMe]);

  const value = useMemo<AuthValue>(() => ({
    me,
    loading: q.isPending,
    error: q.data === undefined ? q.error : null,
    setMe,
    refresh: () => qc.invalidateQueries({ queryKey: ME_KEY }),
    logout: async () => {
      try {
        await api('/api/auth/logout', { method: 'POST' });
      } finally {
        setMe(null);
        qc.clear();
        qc.setQueryData(ME_KEY, null);
      }
    },
    can: (rule) => !!me && allowed(rule, me.permissions),
  }), [me, q.isPending, q.data, q.error, qc, setMe]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session; throws outside AuthProvider. */
export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user (only inside the signed-in shell). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
