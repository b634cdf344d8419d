/**
 * "Alertas": the list, fed live by EventSource('/api/alerts/stream'). data-testids: alerts-list, alerts-stream-status,
 * alerts-live-banner, alert-row-<id>, alert-open-<id>, alerts-filter-status, alerts-filter-side, alerts-sound.
 */
import { Alert, Anchor, Badge, Group, Select, Stack, Switch, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useEntidadName } from '../../catalogs';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/lists';
import { personName, ScoreBar } from '../../components/person';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useSearchState } from '../../useSearchState';
import type { AlertView } from './types';

const KEYS = ['status', 'side'] as const;
const PAGE = 50;

/** A short two-tone beep (WebAudio; silently nothing when the browser blocks audio before a user gesture). */
function beep() {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
    const ctx = new Ctx();
    [880, 660].forEach((hz, i) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = hz;
      g.gain.value = 0.08;
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + i * 0.18);
      o.stop(ctx.currentTime + i * 0.18 + 0.15);
    });
    setTimeout(() => void ctx.close(), 800);
  } catch { /* no audio */ }
}

export const statusColor: Record<string, string> = { new: 'red', acknowledged: 'orange', confirmed: 'grape', dismissed: 'gray' };

export default function AlertsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const entidadName = useEntidadName();
  const [q, setQ] = useSearchState(KEYS);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [fresh, setFresh] = useState<AlertView[]>([]);
  const [sound, setSound] = useState(true);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const list = useQuery({
    queryKey: ['alerts', 'list', q],
    queryFn: () => api<{ items: AlertView[]; total: number }>('/api/alerts', { query: { kind: 'person', status: q.status, side: q.side, page: q.page, page_size: PAGE } }),
  });

  useEffect(() => {
    const es = new EventSource('/api/alerts/stream');
    es.onopen = () => { setLive('live'); void qc.invalidateQueries({ queryKey: ['alerts', 'list'] }); };
    es.onerror = () => setLive(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    es.addEventListener('alert', (ev) => {
      const a = JSON.parse((ev as MessageEvent<string>).data) as AlertView & { kind?: string };
      if (a.kind === 'vehicle') return; // plate hits have their own C5 view
      setFresh((prev) => (prev.some((x) => x.id === a.id) ? prev : [a, ...prev]));
      if (soundRef.current) beep();
      void qc.invalidateQueries({ queryKey: ['alerts', 'list'] });
    });
    return () => es.close();
  }, [qc]);

  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = fresh.length ? `(${fresh.length}) ${base}` : base;
    return () => { document.title = base; };
  }, [fresh.length]);

  // Live alerts not yet in the fetched page go on top (filters applied), so nothing waits for the refetch.
  const matchesFilter = (a: AlertView) => (!q.status || a.status === q.status) && (!q.side || a.side === q.side);
  const fetched = list.data?.items ?? [];
  const rows = q.page === 1 ? [...fresh.filter((a) => matchesFilter(a) && !fetched.some((x) => x.id === a.id)), ...fetched] : fetched;
  const freshIds = new Set(fresh.map((a) => a.id));
  const latest = fresh[0];

  return (
    <Stack>
      <PageHeader title={t('al.list.title')} intro={t('al.list.intro')} testId="alerts-title" actions={
        <Group gap="sm">
          <Switch size="sm" label={t('al.list.sound')} checked={sound} onChange={(e) => setSound(e.currentTarget.checked)} data-testid="alerts-sound" />
          <Badge data-testid="alerts-stream-status" data-state={live} color={live === 'live' ? 'green' : live === 'connecting' ? 'yellow' : 'red'} variant="dot" size="lg">
            {t(`al.list.${live}`)}
          </Badge>
        </Group>
      } />
      {latest ? (
        <Alert color="red" variant="filled" data-testid="alerts-live-banner" role="status" aria-live="assertive" title={t('al.list.newBanner', { name: latest.target ? personName(latest.target.persona) : personName(latest.hit.persona), entidad: entidadName(latest.hit.entidad) })}>
          <Group justify="space-between">
            <Text size="sm">{t('al.list.newCount', { count: fresh.length })}</Text>
            <Anchor component={Link} to={`/alertas/${latest.id}`} c="white" fw={700} data-testid="alerts-banner-open">{t('al.list.open')} →</Anchor>
          </Group>
        </Alert>
      ) : null}
      <Group align="end">
        <Select label={t('al.list.status')} clearable w={190} placeholder={t('al.list.all')} data-testid="alerts-filter-status"
          data={['new', 'acknowledged', 'confirmed', 'dismissed'].map((v) => ({ value: v, label: t(`al.status.${v}`) }))} value={q.status || null} onChange={(v) => setQ({ status: v })} />
        <Select label={t('al.list.side')} clearable w={260} placeholder={t('al.list.all')} data-testid="alerts-filter-side"
          data={['issuer', 'hit'].map((v) => ({ value: v, label: t(`al.side.${v}`) }))} value={q.side || null} onChange={(v) => setQ({ side: v })} />
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <DataTable<AlertView>
        caption={t('al.list.title')} testId="alerts-list" loading={list.isLoading} rows={rows} rowKey={(a) => a.id}
        rowProps={(a) => ({ 'data-testid': `alert-row-${a.id}`, 'data-status': a.status, className: freshIds.has(a.id) ? 'sereno-row-fresh' : undefined })}
        columns={[
          { key: 'id', header: t('al.list.id'), width: 80, render: (a) => <Anchor component={Link} to={`/alertas/${a.id}`} data-testid={`alert-open-${a.id}`} ff="monospace">#{a.id}</Anchor> },
          { key: 'created', header: t('al.list.created'), render: (a) => formatDateTime(a.created_at) },
          { key: 'target', header: t('al.list.target'), render: (a) => (a.target ? <Text size="sm" fw={600}>{personName(a.target.persona)}</Text> : <Text size="sm" c="dimmed">{t('al.list.reduced')} ({entidadName(a.issuer.entidad)})</Text>) },
          { key: 'hit', header: t('al.list.hit'), render: (a) => <Text size="sm">{personName(a.hit.persona)} <Text span c="dimmed" ff="monospace" size="xs">{a.hit.label}</Text></Text> },
          { key: 'entidad', header: t('al.list.entidad'), render: (a) => entidadName(a.hit.entidad) },
          { key: 'score', header: t('al.list.score'), render: (a) => <ScoreBar score={a.score} /> },
          { key: 'status', header: t('al.list.status'), width: 130, render: (a) => <Badge color={statusColor[a.status]} variant={a.status === 'new' ? 'filled' : 'light'}>{t(`al.status.${a.status}`)}</Badge> },
        ]}
      />
      {list.data ? <Pager page={q.page} pageSize={PAGE} total={Math.max(list.data.total, rows.length)} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
