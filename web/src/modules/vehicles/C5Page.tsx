/**
 * C5 view of stolen-vehicle hits. data-testids: veh-c5-live, veh-hit-<id> (feed item), veh-map, veh-map-caption,
 * veh-alert-status, veh-ack, veh-dispatch, veh-recovered.
 */
import { Badge, Button, Grid, Group, Paper, ScrollArea, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useEntidadName } from '../../catalogs';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import type { ReadPoint, VehicleAlert } from './types';
import { VehicleMap } from './VehicleMap';

const KEY = ['alerts', 'vehicle'];
const STATUS_COLOR: Record<string, string> = { new: 'red', acknowledged: 'orange', dispatched: 'blue', recovered: 'green', dismissed: 'gray' };

export default function C5Page() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const entidadName = useEntidadName();
  const [selected, setSelected] = useState<number | null>(null);
  const [live, setLive] = useState(false);
  const list = useQuery({ queryKey: KEY, queryFn: () => api<{ items: VehicleAlert[] }>('/api/alerts', { query: { kind: 'vehicle', page_size: 100 } }) });

  useEffect(() => {
    const es = new EventSource('/api/alerts/stream');
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('alert', (ev) => {
      const a = JSON.parse((ev as MessageEvent).data) as VehicleAlert;
      if (a.kind !== 'vehicle') return;
      qc.setQueryData<{ items: VehicleAlert[] }>(KEY, (old) => ({ items: [a, ...(old?.items ?? []).filter((x) => x.id !== a.id)] }));
      setSelected((s) => s ?? a.id);
    });
    return () => es.close();
  }, [qc]);

  const items = list.data?.items ?? [];
  const alert = items.find((a) => a.id === selected) ?? null;
  const route = useQuery({
    queryKey: ['alerts', 'vehicle', selected, 'reads'], enabled: !!alert,
    queryFn: () => api<{ items: ReadPoint[] }>(`/api/vehicles/alerts/${selected}/reads`, { query: { days: 7 } }),
  });
  const work = useMutation({
    mutationFn: (action: 'acknowledge' | 'dispatch' | 'recovered') => api<VehicleAlert>(`/api/alerts/${selected}/${action}`, { method: 'POST', body: {} }),
    onSuccess: (a) => qc.setQueryData<{ items: VehicleAlert[] }>(KEY, (old) => ({ items: (old?.items ?? []).map((x) => (x.id === a.id ? a : x)) })),
  });

  const r = alert?.vehicle.read;
  const rep = alert?.vehicle.report;
  return (
    <Stack>
      <PageHeader title={t('veh.c5.title')} intro={t('veh.c5.intro')}
        actions={<Badge color={live ? 'green' : 'gray'} variant="dot" data-testid="veh-c5-live">{live ? t('veh.c5.live') : t('veh.c5.offline')}</Badge>} />
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs">
            <Title order={2} size="h6" mb="xs">{t('veh.c5.feed')} ({items.length})</Title>
            <ScrollArea h={560}>
              <Stack gap={6}>
                {items.length === 0 ? <Text c="dimmed" size="sm">{t('veh.c5.empty')}</Text> : null}
                {items.map((a) => (
                  <UnstyledButton key={a.id} onClick={() => setSelected(a.id)} data-testid={`veh-hit-${a.id}`}
                    style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, padding: 8, background: a.id === selected ? 'var(--mantine-color-yellow-0)' : undefined }}>
                    <Group justify="space-between" gap={4}>
                      <Text fw={700} ff="monospace">{a.vehicle.report.plate ?? a.vehicle.read.reading}</Text>
                      <Badge size="sm" color={STATUS_COLOR[a.status]}>{t(`veh.status.${a.status}`)}</Badge>
                    </Group>
                    <Text size="xs">{[a.vehicle.report.make, a.vehicle.report.model, a.vehicle.report.color].filter(Boolean).join(' · ')}</Text>
                    <Text size="xs" c="dimmed">{a.vehicle.read.camera.code} · {entidadName(a.hit.entidad)} · {formatDateTime(a.vehicle.read.read_at)}</Text>
                  </UnstyledButton>
                ))}
              </Stack>
            </ScrollArea>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="xs">
            {alert && r && rep ? (
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={2} size="h5" ff="monospace">{rep.plate ?? rep.vin} <Text span size="sm" c="dimmed">({t('veh.c5.reading')}: {r.candidates?.[0]?.plate ?? r.reading}{r.candidates?.[0]?.plate && r.candidates[0].plate !== r.reading ? ` → ${r.reading}` : ''})</Text></Title>
                  <Badge color={STATUS_COLOR[alert.status]} data-testid="veh-alert-status">{t(`veh.status.${alert.status}`)}</Badge>
                </Group>
                <VehicleMap testId="veh-map"
                  camera={{ lon: r.lon, lat: r.lat, label: `${t('veh.c5.camera')} ${r.camera.code}` }}
                  theft={rep.lat != null && rep.lon != null ? { lon: rep.lon, lat: rep.lat, label: t('veh.c5.theft') } : null}
                  route={(route.data?.items ?? []).map((p) => ({ lon: p.lon, lat: p.lat, label: `${p.camera_code} ${formatDateTime(p.read_at)}` }))} />
                <Text size="sm" data-testid="veh-map-caption">
                  {t('veh.c5.camera')} {r.camera.code} — {r.camera.name} ({entidadName(r.camera.entidad)}) · {t('veh.c5.theft')}: {rep.place ?? '—'} ({entidadName(rep.entidad)}) · {t('veh.c5.route')}: {route.data?.items.length ?? 0} {t('veh.c5.reads')}
                </Text>
                <Table fz="sm" withTableBorder>
                  <Table.Tbody>
                    <Table.Tr><Table.Th>{t('veh.c5.vehicle')}</Table.Th><Table.Td>{[rep.make, rep.model, rep.year, rep.color, rep.vin ? `NIV ${rep.vin}` : null].filter(Boolean).join(' · ')}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>{t('veh.c5.stolenAt')}</Table.Th><Table.Td>{formatDateTime(rep.stolen_at)}{rep.with_violence ? ` · ${t('veh.c5.violence')}` : ''} · {rep.institution_name}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>{t('veh.c5.carpeta')}</Table.Th><Table.Td>{rep.carpeta ?? '—'}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>{t('veh.c5.image')}</Table.Th><Table.Td ff="monospace">{r.image_ref ?? '—'}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>{t('veh.c5.score')}</Table.Th><Table.Td>{alert.score} ({alert.algorithm})</Table.Td></Table.Tr>
                  </Table.Tbody>
                </Table>
                {work.error ? <ErrorAlert error={work.error} /> : null}
                <Group>
                  <Button variant="default" data-testid="veh-ack" disabled={alert.status !== 'new'} loading={work.isPending} onClick={() => work.mutate('acknowledge')}>{t('veh.c5.acknowledge')}</Button>
                  <Button color="blue" data-testid="veh-dispatch" disabled={!['new', 'acknowledged'].includes(alert.status)} loading={work.isPending} onClick={() => work.mutate('dispatch')}>{t('veh.c5.dispatch')}</Button>
                  <Button color="green" data-testid="veh-recovered" disabled={!['new', 'acknowledged', 'dispatched'].includes(alert.status)} loading={work.isPending} onClick={() => work.mutate('recovered')}>{t('veh.c5.recovered')}</Button>
                </Group>
              </Stack>
            ) : (
              <Stack>
                <Text c="dimmed" size="sm">{t('veh.c5.select')}</Text>
                <VehicleMap testId="veh-map" />
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
