import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../auth';
import { useRoleLabel } from '../catalogs';
import { navTestId, visibleNav } from '../nav';
import { territorySentence } from '../territory';

/** Landing page: who you are, where you act, and what you may open. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const roleLabel = useRoleLabel();
  // Every page the user may open that has a description, except the account chores (they live in the user menu).
  const cards = visibleNav(me.permissions).filter((n) => n.descriptionKey && n.path !== '/' && n.section !== 'account');

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={26} c="guinda.8" data-testid="home-title">{t('home.title')}</Title>
        <Text size="lg" mt={4} data-testid="home-greeting">{t('home.greeting', { name: me.display_name })}</Text>
      </div>

      <Card withBorder padding="md" radius="sm" maw={900} component="section" aria-labelledby="profile-h">
        <Title order={2} fz={16} mb="xs" id="profile-h">{t('home.profile')}</Title>
        <dl className="sereno-dl" data-testid="home-profile">
          <dt>{t('home.entidad')}</dt><dd data-testid="home-entidad">{me.entidad?.name ?? t('app.national')}</dd>
          <dt>{t('home.roles')}</dt><dd data-testid="home-roles">{me.roles.map(roleLabel).join(', ') || '—'}</dd>
          <dt>{t('home.institution')}</dt><dd data-testid="home-institution">{me.institution?.name ?? t('app.noInstitution')}</dd>
          <dt>{t('home.territory')}</dt><dd data-testid="home-territory">{territorySentence(t, me)}</dd>
        </dl>
      </Card>

      {!me.totp_enabled && (
        <Alert color="yellow" variant="light" maw={900}>
          <Group gap="xs">
            <Text size="sm">{t('home.totpReminder')}</Text>
            <Anchor component={Link} to="/seguridad" size="sm" fw={600}>{t('home.totpReminderLink')}</Anchor>
          </Group>
        </Alert>
      )}

      <section aria-labelledby="cando-h">
        <Title order={2} fz={18} mb="sm" id="cando-h">{t('home.whatYouCanDo')}</Title>
        {cards.length === 0 ? (
          <Text c="dimmed">{t('home.nothing')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" maw={1100}>
            {cards.map((c) => (
              <Card key={c.path} withBorder padding="md" radius="sm" component={Link} to={c.path} data-testid={navTestId(c.path).replace(/^nav-/, 'home-card-')}
                style={{ borderLeft: '4px solid var(--sereno-verde)' }}>
                <Group gap={8} wrap="nowrap">{c.icon}<Text fw={650} c="guinda.8">{t(c.labelKey)}</Text></Group>
                <Text size="sm" c="dimmed" mt={4}>{t(c.descriptionKey!)}</Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </section>
    </Stack>
  );
}
