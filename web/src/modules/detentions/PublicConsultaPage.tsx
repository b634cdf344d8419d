import { Alert, Anchor, Button, Container, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { LangSwitch } from '../../components/LangSwitch';

interface Answer { detenida: boolean; registros: { autoridad: string; lugar: string; entidad: string }[] }

/** The public consultation the law requires: whether, by whom and where — nothing more. No session needed. */
export default function PublicConsultaPage() {
  const { t } = useTranslation();
  const [f, setF] = useState({ nombre: '', apellido_paterno: '', apellido_materno: '' });
  const q = useMutation({ mutationFn: () => api<Answer>('/api/public/detenciones', { query: f }) });
  const submit = (e: FormEvent) => { e.preventDefault(); q.mutate(); };
  const issues = q.error instanceof ApiError ? q.error.issues : [];
  const err = (p: string) => issues.find((i) => i.path.endsWith(p))?.message;
  return (
    <Container size={760} py="xl">
      <Group justify="space-between" mb="md"><Text fw={700} c="#691C32" fz="xl">Sereno</Text><LangSwitch /></Group>
      <Stack>
        <Title order={1} size="h2">{t('det.pub.title')}</Title>
        <Text>{t('det.pub.intro')}</Text>
        <Paper withBorder p="md" component="form" onSubmit={submit}>
          <Group align="end" grow>
            <TextInput required label={t('det.pub.nombre')} value={f.nombre} onChange={(e) => setF({ ...f, nombre: e.currentTarget.value })} error={err('nombre')} data-testid="pub-nombre" />
            <TextInput label={t('det.pub.paterno')} value={f.apellido_paterno} onChange={(e) => setF({ ...f, apellido_paterno: e.currentTarget.value })} data-testid="pub-paterno" />
            <TextInput label={t('det.pub.materno')} value={f.apellido_materno} onChange={(e) => setF({ ...f, apellido_materno: e.currentTarget.value })} data-testid="pub-materno" />
          </Group>
          <Button type="submit" mt="md" loading={q.isPending} data-testid="pub-submit">{t('det.pub.search')}</Button>
        </Paper>
        {q.error ? <Alert color="red" role="alert">{(q.error as Error).message}</Alert> : null}
        {q.data ? (q.data.detenida ? (
          <Alert color="yellow" title={t('det.pub.found')} data-testid="pub-result">
            <Table fz="sm"><Table.Thead><Table.Tr><Table.Th>{t('det.pub.autoridad')}</Table.Th><Table.Th>{t('det.pub.lugar')}</Table.Th><Table.Th>{t('det.pub.entidad')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{q.data.registros.map((r, i) => <Table.Tr key={i}><Table.Td>{r.autoridad}</Table.Td><Table.Td>{r.lugar}</Table.Td><Table.Td>{r.entidad}</Table.Td></Table.Tr>)}</Table.Tbody></Table>
          </Alert>
        ) : <Alert color="gray" data-testid="pub-result">{t('det.pub.notFound')}</Alert>) : null}
        <Text size="xs" c="dimmed">{t('det.pub.notice')}</Text>
        <Anchor href="/">{t('det.pub.login')}</Anchor>
      </Stack>
    </Container>
  );
}
