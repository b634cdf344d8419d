import type { TFunction } from 'i18next';
import type { Scope } from './shared';
import type { Me } from './types';

/** One scope in words: "todo el país", "todo el estado de Jalisco", "solo su institución (…)". */
export function scopeWords(t: TFunction, scope: Scope, me: Pick<Me, 'entidad' | 'institution'>): string {
  if (scope === 'national') return t('scope.national');
  if (scope === 'entidad') return me.entidad ? t('scope.entidad', { entidad: me.entidad.name }) : t('scope.entidadNone');
  return me.institution ? t('scope.institution', { institution: me.institution.name }) : t('scope.institutionNone');
}

/** Capture and view territory in one sentence. */
export function territorySentence(t: TFunction, me: Me): string {
  return t('scope.sentence', { capture: scopeWords(t, me.capture_scope, me), view: scopeWords(t, me.view_scope, me) });
}
