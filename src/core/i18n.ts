/** Server-side messages, Spanish first. Keys are error codes (or `field.*` keys for field rules). */
export type Lang = 'es' | 'en';

const es: Record<string, string> = {
  not_found: 'No se encontró el registro.',
  route_not_found: 'La ruta {method} {url} no existe.',
  unauthenticated: 'Inicie sesión para continuar.',
  invalid_credentials: 'Usuario o contraseña incorrectos.',
  totp_required: 'Escriba el código de su aplicación de autenticación.',
  totp_invalid: 'El código de verificación no es válido.',
  account_locked: 'La cuenta está bloqueada por intentos fallidos hasta {until}.',
  account_inactive: 'La cuenta está desactivada.',
  forbidden: 'No tiene permiso para esta acción.',
  csrf_failed: 'Falta o no coincide el encabezado X-CSRF-Token.',
  password_change_required: 'Debe cambiar su contraseña inicial antes de continuar.',
  validation_failed: 'La solicitud tiene datos inválidos: {summary}',
  invalid_json: 'El cuerpo de la solicitud no es JSON válido: {detail}',
  body_too_large: 'El cuerpo de la solicitud excede el límite de {limit} bytes.',
  file_too_large: 'El archivo excede el tamaño máximo que admite esta operación ({limit}).',
  multipart_too_many: 'El formulario trae más partes de las que admite esta operación: envíe un solo archivo en «file» y solo los campos que la operación describe.',
  multipart_invalid: 'El formulario no se pudo leer: {detail}.',
  upload_cut: 'El envío se cortó antes de terminar; vuelva a enviarlo.',
  unsupported_media_type: 'Tipo de contenido no admitido: {type}.',
  empty_body: 'El cuerpo de la solicitud está vacío pero se esperaba JSON.',
  rate_limited: 'Demasiadas solicitudes; intente de nuevo en {after}.',
  conflict: 'El registro ya existe o entra en conflicto con otro.',
  username_taken: 'El nombre de usuario «{username}» ya está en uso.',
  password_too_weak: 'La contraseña debe tener al menos 12 caracteres y no ser igual al usuario.',
  institution_not_found: 'No se encontró la institución.',
  user_not_found: 'No se encontró el usuario.',
  api_key_not_found: 'No se encontró la clave de API.',
  scope_exceeds_own: 'No puede otorgar un alcance territorial mayor que el suyo.',
  role_not_grantable: 'No puede otorgar el rol «{role}».',
  entidad_required: 'Las instituciones estatales requieren entidad.',
  database_unavailable: 'La base de datos no responde.',
  internal_error: 'Error interno. Referencia: {request_id}.',
  'field.required': 'es obligatorio',
  'field.entidad_unknown': 'no es una entidad federativa (01–32)',
  'field.institution_outside_scope': 'la institución no existe o está fuera de su territorio',
  'field.entidad_outside_scope': 'está fuera de su territorio',
  'field.institution_type_unknown': 'no es un tipo de institución del catálogo',
  'field.password_too_weak': 'debe tener al menos 12 caracteres y no ser igual al usuario',
  'zod.expected_number': 'debe ser un número; se recibió «{value}»',
  'zod.expected_text': 'debe ser texto; se recibió {received}',
  'zod.text_min': 'debe tener al menos {minimum} caracteres',
  'zod.text_max': 'admite como máximo {maximum} caracteres',
  'zod.number_min': 'debe ser al menos {minimum}',
  'zod.number_max': 'debe ser como máximo {maximum}',
  'zod.list_min': 'debe tener al menos {minimum} elemento(s)',
  'zod.list_max': 'admite como máximo {maximum} elementos',
};

const en: Record<string, string> = {
  not_found: 'Record not found.',
  route_not_found: 'Route {method} {url} does not exist.',
  unauthenticated: 'Sign in to continue.',
  invalid_credentials: 'Wrong user name or password.',
  totp_required: 'Enter the code from your authenticator app.',
  totp_invalid: 'The verification code is not valid.',
  account_locked: 'The account is locked after failed attempts until {until}.',
  account_inactive: 'The account is deactivated.',
  forbidden: 'You are not allowed to do this.',
  csrf_failed: 'The X-CSRF-Token header is missing or does not match.',
  password_change_required: 'You must change your initial password before continuing.',
  validation_failed: 'The request has invalid data: {summary}',
  invalid_json: 'The request body is not valid JSON: {detail}',
  body_too_large: 'The request body exceeds the limit of {limit} bytes.',
  file_too_large: 'The file exceeds the largest size this operation accepts ({limit}).',
  multipart_too_many: 'The form has more parts than this operation accepts: send one file in "file" and only the fields the operation describes.',
  multipart_invalid: 'The form could not be read: {detail}.',
  upload_cut: 'The upload was cut off before it ended; send it again.',
  unsupported_media_type: 'Unsupported content type: {type}.',
  empty_body: 'The request body is empty but JSON was expected.',
  rate_limited: 'Too many requests; try again in {after}.',
  conflict: 'The record already exists or conflicts with another.',
  username_taken: 'The user name "{username}" is already taken.',
  password_too_weak: 'The password must have at least 12 characters and differ from the user name.',
  institution_not_found: 'Institution not found.',
  user_not_found: 'User not found.',
  api_key_not_found: 'API key not found.',
  scope_exceeds_own: 'You cannot grant a wider territory than your own.',
  role_not_grantable: 'You cannot grant the role "{role}".',
  entidad_required: 'State institutions need an entidad.',
  database_unavailable: 'The database does not answer.',
  internal_error: 'Internal error. Reference: {request_id}.',
  'field.required': 'is required',
  'field.entidad_unknown': 'is not a Mexican state code (01–32)',
  'field.institution_outside_scope': 'the institution does not exist or is outside your territory',
  'field.entidad_outside_scope': 'is outside your territory',
  'field.institution_type_unknown': 'is not an institution type of the catalogue',
  'field.password_too_weak': 'must have at least 12 characters and differ from the user name',
  'zod.expected_number': 'must be a number; got "{value}"',
  'zod.expected_text': 'must be text; got {received}',
  'zod.text_min': 'must have at least {minimum} characters',
  'zod.text_max': 'takes at most {maximum} characters',
  'zod.number_min': 'must be at least {minimum}',
  'zod.number_max': 'must be at most {maximum}',
  'zod.list_min': 'must have at least {minimum} item(s)',
  'zod.list_max': 'takes at most {maximum} items',
};

const catalogs: Record<Lang, Record<string, string>> = { es, en };

/** Modules add their own messages at import time (codes must be unique across modules). */
export function registerMessages(lang: Lang, messages: Record<string, string>): void {
  Object.assign(catalogs[lang], messages);
}

/** Renders a message in the language, interpolating `{name}` placeholders; falls back to Spanish, then to the key. */
export function t(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogs[lang][key] ?? catalogs.es[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** Picks the language from an Accept-Language header: English only when it is preferred over Spanish. */
export function langFromHeader(header: string | undefined): Lang {
  if (!header) return 'es';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'es';
}
