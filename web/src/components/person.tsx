import { Badge, Group, Progress, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { registerTranslations } from '../i18n';

/** A person as the matching API returns it (any of the fields may be missing). */
export interface PersonView {
  nombre?: string | null; apellido_paterno?: string | null; apellido_materno?: string | null; nombre_completo?: string | null;
  alias?: string[] | null; curp?: string | null; fecha_nacimiento?: string | null; sexo?: string | null;
}

/** The explainable features of `sereno-person-v1` (src/matching/person-score.ts). */
export type Features = Record<string, string | number | boolean | null>;

const es = {
  person: {
    nombre: 'Nombre(s)', paterno: 'Primer apellido', materno: 'Segundo apellido', alias: 'Alias', curp: 'CURP', fechaNacimiento: 'Fecha de nacimiento', sexo: 'Sexo',
    score: 'Puntuación', feature: 'Rasgo', order: 'Orden de los nombres', nameSource: 'Coincidencia por', logOdds: 'Log-momios',
    sexoValue: { H: 'Hombre', M: 'Mujer', X: 'No binario' },
    v: {
      exact: 'exacta', variant: 'variante', nickname: 'hipocorístico', initial: 'inicial', partial: 'parcial', different: 'distinta', missing: 'sin dato',
      match: 'coincide', typo: 'error de captura', unverifiable: 'no verificable', contradiction: 'contradice', unknown: 'desconocido', transposed: 'día/mes invertidos',
      year_off_by_one: 'año ±1', same: 'mismo', swapped: 'invertido', name: 'nombre', shared: 'compartido', none: 'ninguno', true: 'sí', false: 'no',
    },
  },
};
const en: typeof es = {
  person: {
    nombre: 'Given name(s)', paterno: 'First surname', materno: 'Second surname', alias: 'Aliases', curp: 'CURP', fechaNacimiento: 'Date of birth', sexo: 'Sex',
    score: 'Score', feature: 'Feature', order: 'Name order', nameSource: 'Matched on', logOdds: 'Log-odds',
    sexoValue: { H: 'Male', M: 'Female', X: 'Non-binary' },
    v: {
      exact: 'exact', variant: 'variant', nickname: 'nickname', initial: 'initial', partial: 'partial', different: 'different', missing: 'missing',
      match: 'agrees', typo: 'typo', unverifiable: 'unverifiable', contradiction: 'contradicts', unknown: 'unknown', transposed: 'day/month swapped',
      year_off_by_one: 'year ±1', same: 'same', swapped: 'swapped', name: 'name', shared: 'shared', none: 'none', true: 'yes', false: 'no',
    },
  },
};
registerTranslations({ es, en });

/** "Nombre Paterno Materno" (or nombre_completo), "—" when empty. */
export function personName(p: PersonView | null | undefined): string {
  if (!p) return '—';
  const s = [p.nombre, p.apellido_paterno, p.apellido_materno].filter(Boolean).join(' ') || p.nombre_completo || '';
  return s || '—';
}

/** Score as a percentage bar, coloured by strength. */
export function ScoreBar({ score, match, testId }: { score: number; match?: boolean; testId?: string }) {
  const color = score >= 0.9 ? 'red' : score >= 0.7 ? 'orange' : 'gray';
  return (
    <Group gap={6} wrap="nowrap" data-testid={testId}>
      <Progress value={score * 100} color={color} w={70} size="sm" aria-hidden />
      <Text size="sm" ff="monospace" fw={match ? 700 : 400}>{score.toFixed(3)}</Text>
    </Group>
  );
}

function FeatureBadge({ value }: { value: string | number | boolean | null | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Text size="xs" c="dimmed">{t('person.v.missing')}</Text>;
  if (typeof value === 'number') {
    const color = value >= 0.95 ? 'green' : value >= 0.75 ? 'yellow' : 'red';
    return <Badge variant="light" color={color} ff="monospace">{value.toFixed(2)}</Badge>;
  }
  const v = String(value);
  const color = ['exact', 'match', 'same', 'shared', 'name', 'true'].includes(v) ? 'green'
    : ['contradiction', 'different', 'false'].includes(v) ? 'red' : ['missing', 'unknown', 'none', 'unverifiable'].includes(v) ? 'gray' : 'yellow';
  return <Badge variant="light" color={color}>{t(`person.v.${v}`, { defaultValue: v })}</Badge>;
}

/**
 * The two persons side by side with the feature that compared each field between them, so an operator sees why the
 * score is what it is (name parts, CURP, birth date, sex, contradictions).
 */
export function PersonComparison({ left, right, leftLabel, rightLabel, features, testId }: {
  left: PersonView; right: PersonView; leftLabel: string; rightLabel: string; features: Features | null | undefined; testId?: string;
}) {
  const { t } = useTranslation();
  const f = features ?? {};
  const sexo = (s?: string | null) => (s ? t(`person.sexoValue.${s}`, { defaultValue: s }) : '—');
  const rows: [string, string, string, unknown][] = [
    [t('person.nombre'), left.nombre ?? left.nombre_completo ?? '—', right.nombre ?? right.nombre_completo ?? '—', 'given'],
    [t('person.paterno'), left.apellido_paterno ?? '—', right.apellido_paterno ?? '—', f.paterno],
    [t('person.materno'), left.apellido_materno ?? '—', right.apellido_materno ?? '—', f.materno],
    [t('person.alias'), (left.alias ?? []).join(', ') || '—', (right.alias ?? []).join(', ') || '—', f.alias],
    [t('person.curp'), left.curp ?? '—', right.curp ?? '—', f.curp],
    [t('person.fechaNacimiento'), left.fecha_nacimiento ?? '—', right.fecha_nacimiento ?? '—', f.birthDate],
    [t('person.sexo'), sexo(left.sexo), sexo(right.sexo), f.sex],
  ];
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table withTableBorder fz="sm" data-testid={testId} bg="white">
        <Table.Thead><Table.Tr>
          <Table.Th />
          <Table.Th>{leftLabel}</Table.Th>
          <Table.Th>{rightLabel}</Table.Th>
          <Table.Th>{t('person.feature')}</Table.Th>
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map(([label, a, b, feat], i) => (
            <Table.Tr key={i}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td ff={label === 'CURP' ? 'monospace' : undefined}>{a}</Table.Td>
              <Table.Td ff={label === 'CURP' ? 'monospace' : undefined}>{b}</Table.Td>
              <Table.Td>{feat === 'given'
                ? <Group gap={4}><FeatureBadge value={f.given as never} />{f.givenAgreement ? <FeatureBadge value={f.givenAgreement as never} /> : null}</Group>
                : <FeatureBadge value={feat as never} />}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('person.order')}</Table.Th>
            <Table.Td colSpan={2}><Group gap={4}><FeatureBadge value={f.order as never} />{f.surnamesSwapped ? <Badge variant="light" color="yellow">⇄</Badge> : null}</Group></Table.Td>
            <Table.Td><Text size="xs" c="dimmed">{t('person.nameSource')}: {t(`person.v.${String(f.nameSource ?? 'missing')}`)} · {t('person.logOdds')} {String(f.logOdds ?? '—')}</Text></Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
