import { z } from 'zod';
import { ROLES, SCOPES } from '../../shared/permissions.js';

export const EntidadCode = z.string().regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.entidad_unknown');
const Page = { page: z.coerce.number().int().min(1).default(1), page_size: z.coerce.number().int().min(1).max(500).default(50) };
const Id = z.coerce.number().int().positive();
export const IdParams = z.strictObject({ id: Id });

export const InstitutionQuery = z.strictObject({ entidad: EntidadCode.optional(), type: z.string().max(50).optional(), q: z.string().max(200).optional(), ...Page });
export const InstitutionCreate = z.strictObject({ name: z.string().trim().min(3).max(200), type: z.string().min(1).max(50), entidad: EntidadCode.nullable() });
export const InstitutionUpdate = z.strictObject({ name: z.string().trim().min(3).max(200).optional(), active: z.boolean().optional() });

const Roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
export const UserQuery = z.strictObject({ entidad: EntidadCode.optional(), institution_id: Id.optional(), role: z.enum(ROLES).optional(), q: z.string().max(200).optional(), ...Page });
export const UserCreate = z.strictObject({
  username: z.string().trim().min(3).max(60).regex(/^[a-zA-Z0-9._-]+$/, 'field.username_format'),
  display_name: z.string().trim().min(3).max(200),
  email: z.email().max(200).optional(),
  institution_id: Id,
  roles: Roles,
  capture_scope: z.enum(SCOPES),
  view_scope: z.enum(SCOPES),
  password: z.string().min(1).max(1000).optional(),
});
export const UserUpdate = z.strictObject({
  display_name: z.string().trim().min(3).max(200).optional(),
  email: z.email().max(200).nullable().optional(),
  roles: Roles.optional(),
  capture_scope: z.enum(SCOPES).optional(),
  view_scope: z.enum(SCOPES).optional(),
  active: z.boolean().optional(),
});

export const ApiKeyQuery = z.strictObject({ entidad: EntidadCode.optional(), ...Page });
export const ApiKeyCreate = z.strictObject({
  name: z.string().trim().min(3).max(100),
  institution_id: Id,
  roles: Roles,
  expires_at: z.iso.datetime({ offset: true }).optional(),
});

export type UserCreateInput = z.infer<typeof UserCreate>;
export type UserUpdateInput = z.infer<typeof UserUpdate>;

export const messages = {
  es: { 'field.username_format': 'solo letras, dígitos, punto, guion y guion bajo', institution_type_unknown: 'Tipo de institución desconocido: {type}.', institution_national_scope: 'Los usuarios de una institución nacional necesitan alcance nacional o de institución.', cannot_modify_self: 'No puede cambiar sus propios roles, alcance ni estado.', institution_name_taken: 'Ya existe una institución llamada «{name}» en esa entidad.', 'field.institution_name_taken': 'ya existe una institución con este nombre en la entidad' },
  en: { 'field.username_format': 'letters, digits, dot, dash and underscore only', institution_type_unknown: 'Unknown institution type: {type}.', institution_national_scope: 'Users of a national institution need national or institution scope.', cannot_modify_self: 'You cannot change your own roles, scope or status.', institution_name_taken: 'An institution named "{name}" already exists in that entidad.', 'field.institution_name_taken': 'an institution with this name already exists in the entidad' },
};
