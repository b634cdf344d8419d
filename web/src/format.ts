import { locale } from './i18n';

const TZ = 'America/Mexico_City';

/** Date and 24-hour time in Mexico City, e.g. "22 nov 2026, 20:28". Empty input gives "—". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(d);
}

/** Date only, in Mexico City. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, dateStyle: 'medium' }).format(d);
}

/** Whole numbers with the locale's grouping. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/**
 * Turns a calendar day typed in a date input (YYYY-MM-DD, Mexico City) into an ISO instant:
 * the start of that day, or its last millisecond when `endOfDay`. Mexico City has been UTC−6 all year since 2022.
 */
export function mxDayToIso(day: string, endOfDay = false): string {
  return `${day}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}-06:00`;
}
