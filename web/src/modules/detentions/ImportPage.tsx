import { Alert, Badge, Button, FileInput, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, readCookie } from '../../api';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../format';
import { acceptLanguage } from '../../i18n';

interface LineIssues { line: number; external_id: string | null; issues: { field: string; message: string }[] }
interface ImportResult { id: number; file_name: string; status: 'processing' | 'completed' | 'failed'; failure: string | null; total_rows: number; created: number; existing: number; rejected: number; errors: LineIssues[]; warned: number; warnings: LineIssues[] }
interface ImportSummary { id: number; file_name: string; source: string; status: 'processing' | 'completed' | 'failed'; failure: string | null; total_rows: number; created: number; existing: number; rejected: number; warned: number; started_at: string; actor: { name: string } }
const STATUS_COLOR = { processing: 'blue', completed: 'green', failed: 'red' } as const;

/** Lines of the file with what was found on each, field by field. */
function LinesTable({ title, head, rows, testId }: { title: string; head: string; rows: LineIssues[]; testId: string }) {
  const { t } = useTranslation();
  if (!rows.length) return null;
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">{title}</Text>
      <Table withTableBorder fz="sm" data-testid={testId}>
        <Table.Thead><Table.Tr><Table.Th>{t('det.import.line')}</Table.Th><Table.Th>external_id</Table.Th><Table.Th>{head}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>{rows.map((e) => (
          <Table.Tr key={e.line}><Table.Td>{e.line}</Table.Td><Table.Td>{e.external_id ?? '—'}</Table.Td>
            <Table.Td>{e.issues.map((i, k) => <Text key={k} size="sm"><b>{i.field}</b>: {i.message}</Text>)}</Table.Td></Table.Tr>
        ))}</Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Uploads a CSV/XLSX file as multipart (the JSON api() helper does not do files). */
async function upload(file: File, source: string): Promise<ImportResult> {
  const form = new FormData();
  form.append('source', source);
  form.append('file', file);
  const res = await fetch(`/api/detentions/import?source=${encodeURIComponent(source)}`, {
    method: 'POST', body: form, credentials: 'same-origin',
    headers: { 'X-CSRF-Token': readCookie('sereno_csrf') ?? '', 'Accept-Language': acceptLanguage() },
  });
  const body = await res.json();
  if (!res.ok) throw new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? res.statusText, body.error?.details ?? null);
  return body;
}

export default function ImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('carga-web');
  const qc = useQueryClient();
  const [shown, setShown] = useState<ImportResult | null>(null);
  // A file that fails is listed too (its record says how far it got): the list is refreshed either way.
  const run = useMutation({
    mutationFn: () => upload(file!, source), onMutate: () => { setShown(null); open.reset(); }, onSuccess: setShown,
    onSettled: () => void qc.invalidateQueries({ queryKey: ['detention-imports'] }),
  });
  // Earlier files (also one still being loaded after this page was closed): refreshed while any is in progress.
  const recent = useQuery({
    queryKey: ['detention-imports'], queryFn: () => api<{ items: ImportSummary[] }>('/api/detentions/imports?page_size=20'),
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.status === 'processing') ? 5000 : false),
  });
  // Opening an earlier upload replaces what the page showed, the last upload's error included.
  const open = useMutation({ mutationFn: (id: number) => api<ImportResult>(`/api/detentions/imports/${id}`), onMutate: () => run.reset(), onSuccess: setShown });
  const r = shown;
  return (
    <Stack>
      <PageHeader title={t('det.import.title')} intro={t('det.import.intro')} />
      <Paper withBorder p="md">
        <Group align="end">
          <TextInput label={t('det.import.source')} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
          <FileInput label={t('det.import.file')} accept=".csv,.xlsx" value={file} onChange={setFile} w={320} data-testid="det-import-file" />
          <Button disabled={!file} loading={run.isPending} onClick={() => run.mutate()} data-testid="det-import-submit">{t('det.import.upload')}</Button>
        </Group>
      </Paper>
      {run.error ? <ErrorAlert error={run.error} /> : null}
      {open.error ? <ErrorAlert error={open.error} /> : null}
      {r ? (
        <Stack>
          <Alert color={r.status === 'failed' ? 'red' : r.rejected || r.warned ? 'yellow' : 'green'} title={`${t('det.import.result')} · ${r.file_name}`} data-testid="det-import-result">
            {r.total_rows} {t('det.import.rows')} · {r.created} {t('det.import.created')} · {r.existing} {t('det.import.existing')} · {r.rejected} {t('det.import.rejected')} · {r.warned} {t('det.import.warned')}
            {r.status === 'failed' && r.failure ? <Text size="sm" mt={4} data-testid="det-import-failure">{t('det.import.stopped')}: {r.failure}</Text> : null}
          </Alert>
          <LinesTable title={t('det.import.rejectedTitle')} head={t('det.import.problems')} rows={r.errors} testId="det-import-errors" />
          <LinesTable title={t('det.import.warnedTitle')} head={t('det.import.avisos')} rows={r.warnings} testId="det-import-warnings" />
        </Stack>
      ) : null}
      {recent.data?.items.length ? (
        <Stack gap={4}>
          <Title order={3} size="h5">{t('det.import.recent')}</Title>
          <Table withTableBorder highlightOnHover fz="sm" data-testid="det-import-recent">
            <Table.Thead><Table.Tr>
              <Table.Th>{t('det.import.started')}</Table.Th><Table.Th>{t('det.import.file')}</Table.Th><Table.Th>{t('det.import.source')}</Table.Th>
              <Table.Th>{t('det.import.by')}</Table.Th><Table.Th>{t('det.import.status')}</Table.Th><Table.Th>{t('det.import.counts')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>{recent.data.items.map((i) => (
              <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => open.mutate(i.id)} data-testid={`det-import-row-${i.id}`}>
                <Table.Td>{formatDateTime(i.started_at)}</Table.Td><Table.Td>{i.file_name}</Table.Td><Table.Td>{i.source}</Table.Td><Table.Td>{i.actor?.name ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap', minWidth: 120 }}><Badge color={STATUS_COLOR[i.status]} variant="light" style={{ overflow: 'visible' }}>{t(`det.import.state.${i.status}`)}</Badge></Table.Td>
                <Table.Td>
                  {i.total_rows} {t('det.import.rows')} · {i.created} {t('det.import.created')} · {i.rejected} {t('det.import.rejected')} · {i.warned} {t('det.import.warned')}
                  {i.status === 'failed' && i.failure ? <Text size="xs" c="red.8" lineClamp={2} title={i.failure}>{i.failure}</Text> : null}
                </Table.Td>
              </Table.Tr>
            ))}</Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
