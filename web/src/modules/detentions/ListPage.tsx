import { Anchor, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useEntidades, useEntidadName } from '../../catalogs';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useSearchState } from '../../useSearchState';
import { FlagBadges } from './FlagBadges';
import type { DetentionRow } from './types';

const KEYS = ['entidad', 'tipo', 'situacion', 'flag', 'from', 'to', 'nombre', 'municipio', 'institution'] as const;

export default function ListPage() {
  const { t } = useTranslation();
  const [q, setQ] = useSearchState(KEYS);
  const entidades = useEntidades();
  const entidadName = useEntidadName();
  const list = useQuery({
    queryKey: ['detentions', 'list', q],
    queryFn: () => api<{ items: DetentionRow[]; total: number }>('/api/detentions', { query: { ...q, page: q.page, page_size: 50 } }),
  });
  return (
    <Stack>
      <PageHeader title={t('det.list.title')} />
      <Group align="end" wrap="wrap">
        <Select label={t('det.list.entidad')} clearable searchable w={200} data={(entidades.data ?? []).map((e) => ({ value: e.code, label: e.name }))} value={q.entidad || null} onChange={(v) => setQ({ entidad: v })} />
        <Select label={t('det.list.tipo')} clearable w={230} data={['falta_administrativa', 'hecho_probablemente_delictivo'].map((v) => ({ value: v, label: t(`det.tipo.${v}`) }))} value={q.tipo || null} onChange={(v) => setQ({ tipo: v })} />
        <Select label={t('det.list.situacion')} clearable w={150} data={['en_custodia', 'en_libertad'].map((v) => ({ value: v, label: t(`det.situacion.${v}`) }))} value={q.situacion || null} onChange={(v) => setQ({ situacion: v })} />
        <Select label={t('det.list.flags')} clearable w={230} data={['registro_tardio', 'puesta_demorada', 'arresto_excedido', 'retencion_mp_excedida'].map((v) => ({ value: v, label: t(`det.flag.${v}`) }))} value={q.flag || null} onChange={(v) => setQ({ flag: v })} />
        <TextInput type="date" label={t('det.list.from')} value={q.from} onChange={(e) => setQ({ from: e.currentTarget.value })} />
        <TextInput type="date" label={t('det.list.to')} value={q.to} onChange={(e) => setQ({ to: e.currentTarget.value })} />
        <TextInput label={t('det.list.nombre')} defaultValue={q.nombre} onKeyDown={(e) => { if (e.key === 'Enter') setQ({ nombre: e.currentTarget.value }); }} />
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table striped highlightOnHover withTableBorder fz="sm" data-testid="det-list">
        <Table.Thead><Table.Tr>
          <Table.Th>{t('det.list.folio')}</Table.Th><Table.Th>{t('det.list.persona')}</Table.Th><Table.Th>{t('det.list.fecha')}</Table.Th>
          <Table.Th>{t('det.list.entidad')}</Table.Th><Table.Th>{t('det.list.tipo')}</Table.Th><Table.Th>{t('det.list.situacion')}</Table.Th><Table.Th>{t('det.list.flags')}</Table.Th>
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((d) => (
            <Table.Tr key={d.folio}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><Anchor component={Link} to={`/detenciones/${d.folio}`} ff="monospace" size="sm">{d.folio}</Anchor></Table.Td>
              <Table.Td>{[d.nombre, d.apellido_paterno, d.apellido_materno].filter(Boolean).join(' ')}</Table.Td>
              <Table.Td>{formatDateTime(d.fecha_hora_detencion)}</Table.Td>
              <Table.Td>{entidadName(d.entidad)}</Table.Td>
              <Table.Td>{t(`det.tipo.${d.tipo}`)}</Table.Td>
              <Table.Td>{t(`det.situacion.${d.situacion}`, { defaultValue: d.situacion })}</Table.Td>
              <Table.Td><FlagBadges flags={d.flags} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && !list.data.items.length ? <Text c="dimmed">{t('det.list.empty')}</Text> : null}
      {list.data ? <Pager page={q.page} pageSize={50} total={list.data.total} onChange={(p) => setQ({ page: p })} /> : null}
    </Stack>
  );
}
