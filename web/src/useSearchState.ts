import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters and page kept in the address bar (shareable, survives reload). Values are strings; empty ones are dropped.
 * Changing any filter resets `page` to 1 unless the update sets `page` itself.
 */
export function useSearchState<K extends string>(keys: readonly K[]): [Record<K, string> & { page: number }, (patch: Partial<Record<K | 'page', string | number | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string> & { page: number };
    for (const k of keys) (out as Record<string, string>)[k] = params.get(k) ?? '';
    out.page = Math.max(1, Number(params.get('page')) || 1);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params, keys.join(',')]);
  const update = useCallback((patch: Partial<Record<K | 'page', string | number | null>>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === undefined || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      if (!('page' in patch)) next.delete('page');
      return next;
    }, { replace: true });
  }, [setParams]);
  return [values, update];
}
