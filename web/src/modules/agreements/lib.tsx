import { Alert, Badge, Button, Group, Modal, Progress, Text, Textarea, type BadgeProps } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, readCookie } from '../../api';
import { useAuth } from '../../auth';
import { useEntidadName } from '../../catalogs';
import { acceptLanguage, locale } from '../../i18n';
import type { Commitment, CommitmentSpec, CommitmentStatus, Responsible, SessionListItem } from './types';
import { OPEN_STATUSES } from './types';

// Pieces shared by the agreements pages (code-split with them, never in the initial chunk).

/** Every query of the module starts with this key, so one invalidation refreshes the lot after a write. */
export const AG = 'agreements';
export function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [AG] });
}

/** A calendar day (YYYY-MM-DD, as the API gives it) in the chosen language, without shifting it through a time zone. */
export function formatDay(day: string | null | undefined, style: 'medium' | 'long' = 'medium'): string {
  if (!day) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: style }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/** One day or a range ("19 nov 2019" or "19 nov 2019 – 20 nov 2019"). */
export function formatDays(date: string | null | undefined, end?: string | null, style: 'medium' | 'long' = 'medium'): string {
  return end && end !== date ? `${formatDay(date, style)} – ${formatDay(end, style)}` : formatDay(date, style);
}

export function formatPct(n: number | null | undefined): string {
  if (n == null) return '—';
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n)} %`;
}

/** Badge styles that never cut the label short inside a narrow table cell. */
export const NO_TRUNCATE = { root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } } as const;

const STATUS_COLOR: Record<CommitmentStatus, string> = {
  overdue: 'red', in_progress: 'blue', approved: 'teal', proposed: 'gray', fulfilled: 'verde', cancelled: 'dark',
};

/** The lifecycle status as a coloured badge (text always present: colour is never the only cue). */
export function StatusBadge({ status, ...rest }: { status: CommitmentStatus } & Omit<BadgeProps, 'children' | 'color'> & { 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant={status === 'overdue' || status === 'fulfilled' ? 'filled' : 'light'} radius="sm" styles={NO_TRUNCATE} {...rest}>
      {t(`ag.status.${status}`)}
    </Badge>
  );
}

/** A thin progress bar with its number, labelled for screen readers. */
export function ProgressBar({ value, label, w = 140 }: { value: number | null | undefined; label?: string; w?: number | string }) {
  const { t } = useTranslation();
  if (value == null) return <Text size="xs" c="dimmed">{t('ag.common.noProgress')}</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={value} w={w} size="sm" color={value >= 100 ? 'verde' : 'guinda'} aria-label={label ?? t('ag.common.progress')} />
      <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>{formatPct(value)}</Text>
    </Group>
  );
}

/** "Faltan 3 días" / "Vencido hace 12 días" / "Vence hoy" from the API's days_left. */
export function DueText({ c, size = 'xs' }: { c: Pick<Commitment, 'due_date' | 'days_left' | 'status' | 'deadline_phrase'>; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  if (!c.due_date) return <Text size={size} c="dimmed" span>{c.deadline_phrase || t('ag.due.noDate')}</Text>;
  const closed = c.status === 'fulfilled' || c.status === 'cancelled';
  const d = c.days_left;
  const rel = closed || d == null ? null : d < 0 ? t('ag.due.overdue', { count: -d }) : d === 0 ? t('ag.due.today') : t('ag.due.left', { count: d });
  return (
    <Text size={size} span c={!closed && d != null && d < 0 ? 'red.8' : undefined} fw={!closed && d != null && d <= 7 ? 600 : undefined}>
      {formatDay(c.due_date)}{rel ? ` · ${rel}` : ''}
    </Text>
  );
}

/**
 * A search snippet from ts_headline: the server HTML-escapes the text and adds <mark>…</mark>; this splits on
 * the marks and unescapes, so nothing is ever injected as HTML.
 */
export function Highlighted({ html }: { html: string }) {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const parts = html.split(/(<mark>|<\/mark>)/);
  const out: ReactNode[] = [];
  let marked = false;
  parts.forEach((p, i) => {
    if (p === '<mark>') { marked = true; return; }
    if (p === '</mark>') { marked = false; return; }
    if (!p) return;
    out.push(marked ? <mark key={i} className="ag-mark">{unescape(p)}</mark> : <Fragment key={i}>{unescape(p)}</Fragment>);
  });
  return <>{out}</>;
}

/** Paragraphs of an acuerdo's text (blank lines separate them, as in the documents). */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  return <>{text.split(/\n\s*\n/).map((p, i) => <p key={i} className={className}>{p.trim()}</p>)}</>;
}

/** Who answers for a commitment definition, in words. */
export function useResponsibleText(): (r: Responsible) => string {
  const { t } = useTranslation();
  const entidadName = useEntidadName();
  return (r) => {
    switch (r.kind) {
      case 'zone': return t('ag.responsibleText.zone', { zone: r.zone ?? '' });
      case 'all_states': return t('ag.responsibleText.all_states');
      case 'secretaria_tecnica': return t('ag.responsibleText.secretaria_tecnica');
      case 'institution': return r.name;
      case 'entidades': return r.entidades.map((e) => entidadName(e)).join(', ');
    }
  };
}

/** The deadline of a commitment definition, in words. */
export function useSpecDeadline(): (s: CommitmentSpec) => string {
  const { t } = useTranslation();
  return (s) => {
    if (s.recurrence) return `${t(`ag.recurrence.${s.recurrence}`, { defaultValue: s.recurrence })}${s.next_due ? ` · ${t('ag.common.nextDue')}: ${formatDay(s.next_due)}` : ''}`;
    if (s.deadline) return `${formatDay(s.deadline)}${s.deadline_phrase ? ` («${s.deadline_phrase}»)` : ''}`;
    return s.deadline_phrase ? `«${s.deadline_phrase}»` : t('ag.due.noDate');
  };
}

/**
 * Whether the signed-in user may report progress on a commitment: agreement.progress and either a national
 * capture territory or the commitment's own entidad; only open commitments take reports.
 */
export function useCanReport(c: Pick<Commitment, 'entidad' | 'status'> | undefined): { allowed: boolean; reason: 'ok' | 'permission' | 'notYours' | 'notOpen' } {
  const { me, can } = useAuth();
  if (!c || !me || !can('agreement.progress')) return { allowed: false, reason: 'permission' };
  if (me.capture_scope !== 'national' && (c.entidad === null || c.entidad !== me.entidad?.code)) return { allowed: false, reason: 'notYours' };
  if (!OPEN_STATUSES.includes(c.status)) return { allowed: false, reason: 'notOpen' };
  return { allowed: true, reason: 'ok' };
}

/** POSTs a multipart form (the JSON api() helper does not send files), with the CSRF header and the language. */
export async function postForm<T>(url: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST', body: form, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': readCookie('sereno_csrf') ?? '', 'Accept-Language': acceptLanguage() },
    });
  } catch {
    throw new ApiError(0, 'network_error', 'network');
  }
  const text = await res.text();
  let body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `HTTP ${res.status}`, body?.error?.details ?? null);
  return body as T;
}

/** Sessions for filter pickers (newest first). */
export function useSessionOptions() {
  const q = useQuery({
    queryKey: [AG, 'sessions', 'options'],
    queryFn: () => get<{ items: SessionListItem[]; total: number }>('/api/agreements/sessions', { page_size: 500 }),
    staleTime: 60_000,
  });
  return (q.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${formatDay(s.date)} · ${s.name}` }));
}

/** A download link's address with its query (empty values left out). */
export function exportHref(path: string, query: Record<string, string | number | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Asks for the reason of a consequential change (cancel, reopen) before confirming it. */
export function ReasonModal({ opened, title, message, confirmLabel, danger, loading, error, onConfirm, onClose }: {
  opened: boolean; title: string; message?: string; confirmLabel: string; danger?: boolean; loading?: boolean; error?: unknown; onConfirm(reason: string): void; onClose(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered>
      {message ? <Text size="sm" mb="sm">{message}</Text> : null}
      <Textarea label={t('ag.commitment.reasonTitle')} description={t('ag.commitment.reasonHelp')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} required data-autofocus data-testid="ag-reason" />
      {error ? <Alert color="red" variant="light" role="alert" mt="sm">{(error as Error).message}</Alert> : null}
      <Group justify="flex-end" gap="xs" mt="md">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button color={danger ? 'red' : 'guinda'} loading={loading} disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())} data-testid="ag-reason-ok">{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}
