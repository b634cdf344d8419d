import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import es from './es';

/** The two interface languages; Spanish is the default. */
export type Lang = 'es' | 'en';
const STORAGE_KEY = 'sereno.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

void i18n.use(initReactI18next).init({
  resources: { es: { translation: es }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'es',
  supportedLngs: ['es', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncHtmlLang(lang: string) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'es-MX';
}
syncHtmlLang(i18n.language);
i18n.on('languageChanged', syncHtmlLang);

/** The language currently chosen. */
export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'es';
}

/** Switches the interface language and remembers it in localStorage. */
export function setLang(lang: Lang): Promise<unknown> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  return i18n.changeLanguage(lang);
}

/** The Accept-Language value sent with every API call, so server messages come back in the chosen language. */
export function acceptLanguage(): string {
  return currentLang() === 'en' ? 'en' : 'es-MX';
}

/** BCP-47 locale used for numbers and dates. */
export function locale(): string {
  return currentLang() === 'en' ? 'en-US' : 'es-MX';
}

/**
 * Lets a module ship its own strings (merged deep into the `translation` namespace):
 * `registerTranslations({ es: { detentions: {...} }, en: { detentions: {...} } })`.
 */
export function registerTranslations(bundles: { es: object; en: object }): void {
  i18n.addResourceBundle('es', 'translation', bundles.es, true, true);
  i18n.addResourceBundle('en', 'translation', bundles.en, true, true);
}

export default i18n;
