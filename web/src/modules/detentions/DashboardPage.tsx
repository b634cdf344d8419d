import { Anchor, Button, Grid, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, withQuery } from '../../api';
import { useMe } from '../../auth';
import { useEntidades } from '../../catalogs';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatNumber } from '../../format';
import { useSearchState } from '../../useSearchState';
import { EChart, ensureMexicoMap } from './EChart';
import type { DetentionStats } from './types';

const KEYS = ['from', 'to', 'entidad', 'tipo', 'offence', 'institution', 'municipio'] as const;
const GUINDA = '#691C32';

const barOption = (rows: { label: string; count: number }[]) => ({
  tooltip: {}, grid: { left: 180, right: 20, top: 5, bottom: 20 },
  yAxis: { type: 'category', data: rows.map((r) => r.label).reverse(), axisLabel: { width: 170, overflow: 'truncate' } }, xAxis: { type: 'value' },
  series: [{ type: 'bar', data: rows.map((r) => r.count).reverse(), itemStyle: { color: '#235B4E' } }],
});

/** A breakdown as bars, or a line saying there is nothing to draw for these filters. */
function Bars({ rows, height, onClick }: { rows: { label: string; count: number }[]; height?: number; onClick?: () => void }) {
  const { t } = useTranslation();
  if (!rows.some((r) => r.count > 0)) return <Text c="dimmed" size="sm" py="md" data-testid="det-chart-empty">{t('det.dash.noData')}</Text>;
  return <EChart option={barOption(rows)} height={height} onClick={onClick} />;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const nav = useNavigate();
  const [q, setQ] = useSearchState(KEYS);
  const entidades = useEntidades();
  ensureMexicoMap();
  const { page: _p, ...filters } = q;
  const stats = useQuery({ queryKey: ['detentions', 'stats', filters], queryFn: () => api<DetentionStats>('/api/detentions/stats', { query: filters }) });
  const s = stats.data;
  const drill = (extra: Record<string, string>) => nav(withQuery('/detenciones', { ...filters, ...extra }));
  const flagged = s ? Object.values(s.flags).reduce((a, b) => a + b, 0) : 0;
  const defaultMonth = new Date(Date.now() - 15 * 86_400_000).toISOString().slice(0, 7);
  const [month, setMonth] = useState(defaultMonth);
  const [reportEntidad, setReportEntidad] = useState<string | null>(q.entidad || me.entidad?.code || '14');

  const periodOption = useMemo(() => s && ({
    tooltip: { trigger: 'axis' }, grid: { left: 40, right: 10, top: 10, bottom: 30 },
    xAxis: { type: 'category', data: s.per_period.map((p) => p.period) }, yAxis: { type: 'value' },
    series: [{ type: 'bar', data: s.per_period.map((p) => p.count), itemStyle: { color: GUINDA } }],
  }), [s]);
  const mapOption = useMemo(() => s && ({
    tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${s.per_entidad.find((e) => e.entidad === p.name)?.nombre ?? p.name}: ${formatNumber(Number(p.value) || 0)}` },
    visualMap: { min: 0, max: Math.max(1, ...s.per_entidad.map((e) => e.count)), left: 'left', bottom: 0, inRange: { color: ['#f3e8ea', GUINDA] }, calculable: true },
    series: [{ type: 'map', map: 'mexico', roam: false, left: 10, right: 10, top: 10, bottom: 40, data: s.per_entidad.map((e) => ({ name: e.entidad, value: e.count })), emphasis: { label: { show: false } } }],
  }), [s]);

  return (
    <Stack>
      <PageHeader title={t('det.dash.title')} testId="det-dashboard-title" />
      <Group align="end" wrap="wrap">
        <TextInput type="date" label={t('det.list.from')} value={q.from} onChange={(e) => setQ({ from: e.currentTarget.value })} />
        <TextInput type="date" label={t('det.list.to')} value={q.to} onChange={(e) => setQ({ to: e.currentTarget.value })} />
        <Select label={t('det.list.entidad')} clearable searchable w={220} data={(entidades.data ?? []).map((e) => ({ value: e.code, label: e.name }))} value={q.entidad || null} onChange={(v) => setQ({ entidad: v })} />
        <Select label={t('det.list.tipo')} clearable w={240} data={['falta_administrativa', 'hecho_probablemente_delictivo'].map((v) => ({ value: v, label: t(`det.tipo.${v}`) }))} value={q.tipo || null} onChange={(v) => setQ({ tipo: v })} />
      </Group>
      {stats.error ? <ErrorAlert error={stats.error} /> : null}
      {s ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 6 }}>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">{t('det.dash.total')}</Text><Text fz={28} fw={700} data-testid="det-kpi-total">{formatNumber(s.total)}</Text></Paper>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">{t('det.dash.flagged')}</Text><Text fz={28} fw={700} c="red.8" data-testid="det-kpi-flags">{formatNumber(flagged)}</Text>
              <Text size="xs" c="dimmed">{t('det.dash.flaggedHint')}</Text></Paper>
            {(Object.keys(s.flags) as (keyof typeof s.flags)[]).map((f) => (
              <Paper key={f} withBorder p="sm"><Text size="xs" c="dimmed">{t(`det.flag.${f}`)}</Text>
                <Anchor fz={22} fw={600} onClick={() => drill({ flag: f })}>{formatNumber(s.flags[f])}</Anchor></Paper>
            ))}
          </SimpleGrid>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 7 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.perPeriod')}</Title><EChart option={periodOption!} testId="det-chart-period" /></Paper></Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.map')}</Title><EChart option={mapOption!} height={300} testId="det-map" onClick={(code) => setQ({ entidad: code })} /></Paper></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.perOffence')}</Title>
              <Bars rows={s.per_offence.slice(0, 10).map((o) => ({ label: o.nombre ?? o.code, count: o.count }))} onClick={() => drill({})} /></Paper></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.perInstitution')}</Title>
              <Bars rows={s.per_institution.slice(0, 10).map((o) => ({ label: o.nombre ?? String(o.institution_id), count: o.count }))} /></Paper></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.perTipo')}</Title>
              <Bars rows={s.per_tipo.map((o) => ({ label: t(`det.tipo.${o.tipo}`), count: o.count }))} height={140} onClick={() => drill({})} /></Paper></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('det.dash.lag')}</Title>
              <Bars rows={s.registration_lag.map((o) => ({ label: o.bucket, count: o.count }))} height={180} /></Paper></Grid.Col>
          </Grid>
          <Paper withBorder p="md">
            <Title order={3} size="h6" mb="xs">{t('det.dash.report')}</Title>
            <Group align="end">
              <Select label={t('det.list.entidad')} searchable w={220} data={(entidades.data ?? []).map((e) => ({ value: e.code, label: e.name }))} value={reportEntidad} onChange={setReportEntidad} />
              <TextInput type="month" label={t('det.dash.month')} value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
              {(['pdf', 'xlsx', 'csv'] as const).map((fmt) => (
                <Button key={fmt} component="a" variant="default" href={withQuery('/api/detentions/reports/monthly', { entidad: reportEntidad, month, format: fmt })} data-testid={`det-report-${fmt}`}>{t('det.dash.download')} {fmt.toUpperCase()}</Button>
              ))}
            </Group>
          </Paper>
        </>
      ) : null}
    </Stack>
  );
}
