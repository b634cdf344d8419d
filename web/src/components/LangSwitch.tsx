import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n';

/** ES | EN buttons (data-testid lang-es / lang-en); the choice is kept in localStorage. */
export function LangSwitch({ onDark = false }: { onDark?: boolean }) {
  const { t, i18n } = useTranslation();
  const current: Lang = i18n.language === 'en' ? 'en' : 'es';
  const btn = (lang: Lang) => {
    const active = current === lang;
    return (
      <Button
        key={lang}
        size="compact-sm"
        data-testid={`lang-${lang}`}
        lang={lang === 'en' ? 'en' : 'es-MX'}
        aria-pressed={active}
        aria-label={t(lang === 'en' ? 'lang.enLong' : 'lang.esLong')}
        variant={active ? 'white' : 'outline'}
        color={onDark ? (active ? 'guinda' : 'gray.0') : 'guinda'}
        styles={onDark && !active ? { root: { color: '#fff', borderColor: 'rgba(255,255,255,0.7)' } } : undefined}
        onClick={() => void setLang(lang)}
      >
        {t(`lang.${lang}`)}
      </Button>
    );
  };
  return (
    <Group gap={4} role="group" aria-label={t('app.language')} className={onDark ? 'sereno-on-dark' : undefined}>
      {btn('es')}
      {btn('en')}
    </Group>
  );
}
