/** Vehicle theft statistics: thefts and recoveries per month and entidad, recovery rate, hits per camera. */
import { Grid, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useEntidadName } from '../../catalogs';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatNumber } from '../../format';
import { EChart, ensureMexicoMap } from '../detentions/EChart';

interface Stats {
  months: { entidad: string; month: string; thefts: number; violent: number; recoveries: number }[];
  by_entidad: { entidad: string; thefts: number; recoveries: number }[];
  cameras: { id: number; entidad: string; code: string; name: string; reads: number; hits: number }[];
  totals: { thefts: number; recovered: number; recovery_rate: number | null };
}

export default function StatsPage() {
  const { t } = useTranslation();
  const entidadName = useEntidadName();
  ensureMexicoMap();
  const q = useQuery({ queryKey: ['vehicles', 'stats'], queryFn: () => api<Stats>('/api/vehicles/stats') });
  const s = q.data;
  const monthOption = useMemo(() => {
    if (!s) return null;
    const months = [...new Set(s.months.map((m) => m.month))].sort();
    const sum = (k: 'thefts' | 'recoveries') => months.map((mo) => s.months.filter((m) => m.month === mo).reduce((a, m) => a + m[k], 0));
    return {
      tooltip: { trigger: 'axis' }, legend: { data: [t('veh.stats.thefts'), t('veh.stats.recovered')], top: 0 }, grid: { left: 40, right: 10, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: months }, yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('veh.stats.thefts'), type: 'bar', data: sum('thefts'), itemStyle: { color: '#9f2241' } }, { name: t('veh.stats.recovered'), type: 'bar', data: sum('recoveries'), itemStyle: { color: '#235b4e' } }],
    };
  }, [s, t]);
  const mapOption = useMemo(() => s && ({
    tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${entidadName(p.name)}: ${formatNumber(Number(p.value) || 0)}` },
    visualMap: { min: 0, max: Math.max(1, ...s.by_entidad.map((e) => e.thefts)), left: 'left', bottom: 0, inRange: { color: ['#f3e8ea', '#691C32'] }, calculable: true },
    series: [{ type: 'map', map: 'mexico', roam: false, left: 10, right: 10, top: 10, bottom: 40, data: s.by_entidad.map((e) => ({ name: e.entidad, value: e.thefts })), emphasis: { label: { show: false } } }],
  }), [s, entidadName]);
  const camOption = useMemo(() => s && ({
    tooltip: {}, grid: { left: 120, right: 20, top: 5, bottom: 20 },
    yAxis: { type: 'category', data: s.cameras.slice(0, 15).map((c) => c.code).reverse() }, xAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('veh.stats.hits'), data: s.cameras.slice(0, 15).map((c) => c.hits).reverse(), itemStyle: { color: '#1c4e80' } }],
  }), [s, t]);
  return (
    <Stack>
      <PageHeader title={t('veh.stats.title')} testId="veh-stats-title" />
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {s ? (
        <>
          <SimpleGrid cols={{ base: 3 }}>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">{t('veh.stats.thefts')}</Text><Text fz={28} fw={700} data-testid="veh-kpi-thefts">{formatNumber(s.totals.thefts)}</Text></Paper>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">{t('veh.stats.recovered')}</Text><Text fz={28} fw={700}>{formatNumber(s.totals.recovered)}</Text></Paper>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">{t('veh.stats.rate')}</Text><Text fz={28} fw={700}>{s.totals.recovery_rate == null ? '—' : `${(s.totals.recovery_rate * 100).toFixed(1)} %`}</Text></Paper>
          </SimpleGrid>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 7 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('veh.stats.perMonth')}</Title>{monthOption ? <EChart option={monthOption} /> : null}</Paper></Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}><Paper withBorder p="sm"><Title order={3} size="h6">{t('veh.stats.perEntidad')}</Title>{mapOption ? <EChart option={mapOption} height={300} /> : null}</Paper></Grid.Col>
            <Grid.Col span={12}><Paper withBorder p="sm"><Title order={3} size="h6">{t('veh.stats.perCamera')}</Title>{camOption ? <EChart option={camOption} height={360} /> : null}</Paper></Grid.Col>
          </Grid>
        </>
      ) : null}
    </Stack>
  );
}
