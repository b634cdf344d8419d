import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Modal, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../api';
import { useEntidadName } from '../../catalogs';
import { ErrorAlert, PageLoader } from '../../components/ui';
import './agreements.css';
import { AG, exportHref, formatDays, formatPct, Paragraphs, ProgressBar } from './lib';
import type { AgreementItem, SessionDocument, SessionPageData } from './types';

/** The imported text of a session's source document, in a dialog. */
function SourceModal({ doc, onClose }: { doc: SessionDocument | null; onClose(): void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: [AG, 'document', doc?.id],
    queryFn: () => get<SessionDocument & { source: { text: string } | null }>(`/api/agreements/documents/${doc!.id}`),
    enabled: !!doc,
  });
  return (
    <Modal opened={!!doc} onClose={onClose} size="xl" title={<Text fw={650}>{doc?.title ?? t('ag.session.source')}</Text>}>
      <ErrorAlert error={q.error} />
      <ScrollArea.Autosize mah="70vh">
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }} data-testid="ag-source-text">{q.data?.source?.text ?? (q.isLoading ? t('app.loading') : '—')}</pre>
      </ScrollArea.Autosize>
    </Modal>
  );
}

/** One acuerdo as printed (ordinal. TITLE, then the text), with its roll-up and a link to its commitments. */
function Acuerdo({ a, sessionId }: { a: AgreementItem; sessionId: number }) {
  const { t } = useTranslation();
  const id = `${a.section}-${a.position}`;
  const p = a.progress;
  return (
    <article className="ag-acuerdo" id={id} aria-labelledby={`${id}-h`} data-testid={a.section === 'acuerdo' ? 'ag-acuerdo' : 'ag-transitorio'}>
      <h2 className="ag-acuerdo-title" id={`${id}-h`}>
        <span className="ag-ordinal">{a.ordinal}.</span>{a.title ? ` ${a.title}` : ''}
      </h2>
      <Paragraphs text={a.text} className="ag-para" />
      <Group className="ag-acuerdo-meta" gap="sm" justify="space-between" wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color="gray" radius="sm" size="sm">{t(`ag.kind.${a.kind}`)}</Badge>
          {p.commitments ? <Text size="xs" c="dimmed">{t('ag.common.commitmentCount', { count: p.commitments })}</Text> : null}
          {p.overdue ? <Badge color="red" radius="sm" size="sm">{t('ag.common.overdueCount', { count: p.overdue })}</Badge> : null}
          {p.counted ? <ProgressBar value={p.progress} w={110} label={`${t('ag.common.progress')}: ${a.ordinal}`} /> : null}
        </Group>
        <Anchor component={Link} to={`/acuerdos/sesiones/${sessionId}/acuerdos/${a.id}`} size="xs" fw={600} data-testid={`ag-acuerdo-open-${a.section}-${a.position}`}>
          {t('ag.session.commitmentsLink')} →
        </Anchor>
      </Group>
    </article>
  );
}

export default function SessionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const entidadName = useEntidadName();
  const [sourceDoc, setSourceDoc] = useState<SessionDocument | null>(null);
  const page = useQuery({ queryKey: [AG, 'session', id], queryFn: () => get<SessionPageData>(`/api/agreements/sessions/${id}`) });
  if (page.isLoading) return <PageLoader />;
  if (page.error) return <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />;
  const { session: s, agreements, transitory, progress } = page.data!;
  const where = [s.place, s.entidad && entidadName(s.entidad) !== s.place ? entidadName(s.entidad) : null].filter(Boolean).join(', ');

  return (
    <Stack gap="sm">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/acuerdos/sesiones" size="sm">{t('ag.session.breadcrumb')}</Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>{s.name}</Text>
      </Breadcrumbs>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <div className="ag-sheet" data-testid="ag-session-sheet">
            <h1 className="ag-sheet-heading" data-testid="ag-session-heading">
              {s.heading.map((line, i) => <span key={i} lang="es-MX">{line}</span>)}
            </h1>
            <div lang="es-MX">
              {agreements.length ? agreements.map((a) => <Acuerdo key={a.id} a={a} sessionId={s.id} />) : <Text c="dimmed">{t('ag.session.noAcuerdos')}</Text>}
              {transitory.length ? (
                <section aria-labelledby="ag-transitorios">
                  <h2 className="ag-section-heading" id="ag-transitorios">{t('ag.session.transitoriosHeading')}</h2>
                  {transitory.map((a) => <Acuerdo key={a.id} a={a} sessionId={s.id} />)}
                </section>
              ) : null}
            </div>
          </div>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="sm" style={{ position: 'sticky', top: 80 }}>
            <Paper withBorder p="md">
              <Title order={2} fz="sm" mb="xs">{t('ag.session.summary')}</Title>
              <dl className="sereno-dl" style={{ gridTemplateColumns: 'minmax(90px, 110px) 1fr' }}>
                <dt>{t('ag.common.kind')}</dt><dd>{t(`ag.sessionKind.${s.kind}`, { defaultValue: s.kind_label })}{s.numeral ? ` (${s.numeral})` : ''}</dd>
                <dt>{t('ag.common.dates')}</dt><dd data-testid="ag-session-dates">{formatDays(s.date, s.end_date, 'long')}</dd>
                <dt>{t('ag.common.place')}</dt><dd>{where || '—'}</dd>
                <dt>{t('ag.common.zone')}</dt><dd>{s.zone ?? '—'}</dd>
                <dt>{t('ag.common.acuerdos')}</dt><dd data-testid="ag-session-count">{agreements.length}{transitory.length ? ` · ${t('ag.common.transitorios')}: ${transitory.length}` : ''}</dd>
                <dt>{t('ag.common.progress')}</dt>
                <dd>
                  {progress.counted ? (
                    <Stack gap={2}>
                      <ProgressBar value={progress.progress} w={120} label={t('ag.session.overall')} />
                      <Text size="xs" c="dimmed">{t('ag.session.progressLine', { progress: formatPct(progress.progress).replace(' %', ''), counted: progress.counted, commitments: progress.commitments })}</Text>
                    </Stack>
                  ) : <Text size="xs" c="dimmed">{t('ag.common.noProgress')}</Text>}
                </dd>
              </dl>
              <Stack gap={6} mt="sm">
                <Button component="a" href={`/api/agreements/sessions/${s.id}/export.pdf`} download variant="filled" fullWidth data-testid="ag-session-pdf">{t('ag.common.exportPdf')}</Button>
                <Button component="a" href={exportHref('/api/agreements/export.xlsx', { session_id: s.id })} download variant="outline" fullWidth>{t('ag.common.exportXlsx')}</Button>
                <Anchor component={Link} to={`/acuerdos/compromisos?session_id=${s.id}`} size="sm">{t('ag.session.boardLink')}</Anchor>
                <Anchor component={Link} to={`/acuerdos/cumplimiento?session_id=${s.id}`} size="sm">{t('ag.session.complianceLink')}</Anchor>
              </Stack>
            </Paper>
            {agreements.length > 3 ? (
              <Paper withBorder p="md" component="nav" aria-label={t('ag.common.acuerdos')}>
                <Title order={2} fz="sm" mb="xs">{t('ag.common.acuerdos')}</Title>
                <Stack gap={2}>
                  {agreements.map((a) => (
                    <Anchor key={a.id} href={`#acuerdo-${a.position}`} size="xs" lineClamp={1} c="dark.6">
                      <b>{a.ordinal}.</b> {a.title}
                    </Anchor>
                  ))}
                </Stack>
              </Paper>
            ) : null}
            {s.documents.length ? (
              <Paper withBorder p="md">
                <Title order={2} fz="sm" mb="xs">{t('ag.session.documents')}</Title>
                <Stack gap={4}>
                  {s.documents.map((d) => (
                    <Group key={d.id} gap="xs" wrap="nowrap" justify="space-between">
                      <Text size="xs" lineClamp={2}>{d.url ? <Anchor href={d.url} target="_blank" rel="noopener noreferrer" size="xs">{d.title}</Anchor> : d.title}</Text>
                      {d.source_id ? <Button size="compact-xs" variant="subtle" onClick={() => setSourceDoc(d)}>{t('ag.session.viewSource')}</Button> : null}
                    </Group>
                  ))}
                </Stack>
              </Paper>
            ) : null}
            {s.participants.length ? (
              <Paper withBorder p="md">
                <Title order={2} fz="sm" mb="xs">{t('ag.session.participants')}</Title>
                <Stack gap={2}>
                  {s.participants.map((p, i) => <Text key={i} size="xs"><b>{p.name}</b>{p.position ? `, ${p.position}` : ''}{p.institution ? ` (${p.institution})` : ''}</Text>)}
                </Stack>
              </Paper>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
      <SourceModal doc={sourceDoc} onClose={() => setSourceDoc(null)} />
    </Stack>
  );
}
