import { z } from 'zod';

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  totp: z.string().trim().regex(/^\d{6}$/, 'field.totp_format').optional(),
});

export const ChangePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(1000),
  new_password: z.string().min(1).max(1000),
});

export const TotpEnableBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'field.totp_format') });
export const TotpDisableBody = z.strictObject({ password: z.string().min(1).max(1000) });

export const MeSchema = z.object({
  id: z.number(),
  username: z.string(),
  display_name: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  institution: z.object({ id: z.number(), name: z.string(), type: z.string() }).nullable(),
  entidad: z.object({ code: z.string(), name: z.string() }).nullable(),
  capture_scope: z.enum(['national', 'entidad', 'institution']),
  view_scope: z.enum(['national', 'entidad', 'institution']),
  totp_enabled: z.boolean(),
  must_change_password: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const messages = {
  es: { 'field.totp_format': 'debe ser un código de 6 dígitos', invalid_api_key: 'La clave de API no es válida, expiró o fue revocada.', totp_not_setup: 'Primero genere el secreto TOTP.' },
  en: { 'field.totp_format': 'must be a 6-digit code', invalid_api_key: 'The API key is invalid, expired or revoked.', totp_not_setup: 'Generate the TOTP secret first.' },
};
