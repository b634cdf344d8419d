import { describe, expect, it } from 'vitest';
import { langFromHeader, t } from './i18n.js';

describe('i18n', () => {
  it('prefers Spanish unless English ranks higher', () => {
    expect(langFromHeader(undefined)).toBe('es');
    expect(langFromHeader('en')).toBe('en');
    expect(langFromHeader('en-US,en;q=0.9')).toBe('en');
    expect(langFromHeader('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(langFromHeader('en;q=0.5,es;q=0.9')).toBe('es');
    expect(langFromHeader('fr')).toBe('es');
  });
  it('interpolates and falls back to the key', () => {
    expect(t('es', 'username_taken', { username: 'ana' })).toBe('El nombre de usuario «ana» ya está en uso.');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });
});
