import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api';
import { Pager } from '../../components/lists';
import { ErrorAlert, PageHeader, PageLoader } from '../../components/ui';
import { useSearchState } from '../../useSearchState';
import './agreements.css';
import { AG, formatDay, Highlighted } from './lib';
import { AGREEMENT_KINDS, ZONES, type SearchItem } from './types';

const KEYS = ['q', 'kind', 'section', 'zone'] as const;
const PAGE_SIZE = 20;

export default function SearchPage() {
  const { t } = useTranslation();
  const [q, setQ] = useSearchState(KEYS);
  const [text, setText] = useState(q.q);
  useEffect(() => { setText(q.q); }, [q.q]);
  const results = useQuery({
    queryKey: [AG, 'search', q],
    queryFn: () => get<{ query: string; tsquery: string; items: SearchItem[]; total: number }>('/api/agreements/search', { ...q, page: q.page, page_size: PAGE_SIZE }),
    enabled: q.q.trim().length > 0,
  });

  return (
    <Stack gap="sm">
      <PageHeader title={t('ag.search.title')} intro={t('ag.search.intro')} testId="ag-search-title" />
      <form role="search" onSubmit={(e) => { e.preventDefault(); setQ({ q: text.trim() }); }}>
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput label={t('ag.search.q')} placeholder={t('ag.search.placeholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} w={380} data-testid="ag-search-q" />
          <Select label={t('ag.common.kind')} placeholder={t('ag.common.allKinds')} clearable w={250} data={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`ag.kind.${k}`) }))} value={q.kind || null} onChange={(v) => setQ({ kind: v })} />
          <Select label={t('ag.common.section')} placeholder={t('ag.common.allSections')} clearable w={170} data={[{ value: 'acuerdo', label: t('ag.common.acuerdos') }, { value: 'transitorio', label: t('ag.common.transitorios') }]} value={q.section || null} onChange={(v) => setQ({ section: v })} />
          <Select label={t('ag.common.zone')} placeholder={t('ag.common.allZones')} clearable w={150} data={[...ZONES]} value={q.zone || null} onChange={(v) => setQ({ zone: v })} />
          <Button type="submit" data-testid="ag-search-submit">{t('ag.search.submit')}</Button>
        </Group>
      </form>
      <ErrorAlert error={results.error} />
      {!q.q ? <Text size="sm" c="dimmed">{t('ag.search.hint')}</Text> : results.isLoading ? <PageLoader /> : results.data ? (
        <>
          <Text size="sm" fw={600} aria-live="polite" data-testid="ag-search-count">{results.data.total ? t('ag.search.results', { count: results.data.total }) : t('ag.search.none')}</Text>
          <Stack gap="xs" data-testid="ag-search-results">
            {results.data.items.map((r) => (
              <Paper key={r.id} withBorder p="sm" component="article">
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <Anchor component={Link} to={`/acuerdos/sesiones/${r.session_id}/acuerdos/${r.id}`} fw={700} size="sm" data-testid={`ag-search-hit-${r.id}`}>
                    {r.ordinal}. <Highlighted html={r.title_headline || r.title} />
                  </Anchor>
                  <Group gap={4} wrap="nowrap">
                    {r.section === 'transitorio' ? <Badge size="xs" variant="outline" color="gray" radius="sm">{t('ag.common.transitorio')}</Badge> : null}
                    <Badge size="xs" variant="light" color="gray" radius="sm">{t(`ag.kind.${r.kind}`)}</Badge>
                  </Group>
                </Group>
                <Text size="xs" c="dimmed" mb={4}>
                  <Anchor component={Link} to={`/acuerdos/sesiones/${r.session_id}`} size="xs" c="dimmed">{r.session_name}</Anchor> · {formatDay(r.session_date)}{r.zone ? ` · ${r.zone}` : ''}
                </Text>
                <Text size="sm" lang="es-MX" style={{ lineHeight: 1.55 }}><Highlighted html={r.headline} /></Text>
              </Paper>
            ))}
          </Stack>
          {results.data.total > PAGE_SIZE ? <Pager page={q.page} pageSize={PAGE_SIZE} total={results.data.total} onChange={(p) => setQ({ page: p })} /> : null}
        </>
      ) : null}
    </Stack>
  );
}
