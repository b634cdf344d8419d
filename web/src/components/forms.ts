import { ApiError } from '../api';

/** How a failed request is shown on a form: messages next to named fields, the envelope message otherwise. */
export interface FormErrors {
  /** The issue message for a field (path equal to the name or starting with `name.`). */
  field(name: string): string | undefined;
  /** The message for the alert above the form, or null when every problem sits next to a field. */
  general: string | null;
}

/** Splits an error from a mutation into per-field messages and a general message. */
export function formErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (!error) return { field: () => undefined, general: null };
  if (!(error instanceof ApiError)) return { field: () => undefined, general: (error as Error).message ?? String(error) };
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
