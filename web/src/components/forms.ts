import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** How a failed request is shown on a form: messages next to named fields, the envelope message otherwise. */
export interface FormErrors {
  /** The issue message for a field (path equal to the name or starting with `name.`). */
  field(name: string): string | undefined;
  /** The message for the alert above the form, or null when every problem sits next to a field. */
  general: string | null;
}

/**
 * Splits an error from a mutation into per-field messages and a general message. `codeFields` places whole-request
 * errors next to the field they are about (e.g. `{ invalid_credentials: 'current_password' }`).
 */
export function formErrors(error: unknown, fields: readonly string[], codeFields: Record<string, string> = {}): FormErrors {
  if (!error) return { field: () => undefined, general: null };
  if (!(error instanceof ApiError)) return { field: () => undefined, general: (error as Error).message ?? String(error) };
  const codeField = codeFields[error.code];
  if (codeField && error.issues.length === 0) {
    return { field: (name) => (name === codeField ? error.message : undefined), general: null };
  }
  const issues = error.issues;
  const matches = (path: string, name: string) => path === name || path.startsWith(`${name}.`);
  const unmatched = issues.filter((i) => !fields.some((f) => matches(i.path, f)));
  return {
    field: (name) => {
      const hit = issues.filter((i) => matches(i.path, name));
      return hit.length ? hit.map((i) => i.message).join('; ') : undefined;
    },
    general: issues.length === 0 ? error.message : unmatched.length ? unmatched.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') : null,
  };
}

/** A form's error state: server issues next to fields (hidden again once the field is edited) and required checks. */
export interface FormState extends FormErrors {
  /** Call from a field's onChange: hides its stale message. */
  touch(name: string): void;
  /** Marks the empty values ('' / null / [] ) as required; true when none is empty. */
  check(values: Record<string, unknown>): boolean;
  /** Forgets every message (closing the form). */
  clear(): void;
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** `formErrors` with per-field clearing and client-side required checks, for forms that live longer than one submit. */
export function useFormState(error: unknown, fields: readonly string[], codeFields: Record<string, string> = {}): FormState {
  const { t } = useTranslation();
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [missing, setMissing] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => { setEdited(new Set()); }, [error]);
  const base = formErrors(error, fields, codeFields);
  return {
    general: base.general,
    field: (name) => (missing.has(name) ? t('common.required') : edited.has(name) ? undefined : base.field(name)),
    touch: (name) => {
      if (!edited.has(name)) setEdited((s) => new Set(s).add(name));
      if (missing.has(name)) setMissing((s) => { const n = new Set(s); n.delete(name); return n; });
    },
    check: (values) => {
      const empty = Object.entries(values).filter(([, v]) => isEmpty(v)).map(([k]) => k);
      setMissing(new Set(empty));
      return empty.length === 0;
    },
    clear: () => { setEdited(new Set()); setMissing(new Set()); },
  };
}
