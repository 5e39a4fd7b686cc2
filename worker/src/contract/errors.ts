/**
 * The API's error codes: a closed set, each mapped to the one HTTP status it
 * is answered with. The Worker throws only these (errors.ts types ApiError by
 * them, so an unknown code or a wrong status fails typecheck); the web app
 * reads them back from the one error shape, `{"error": {"code", "message", "details?"}}`.
 */

/** Every error code of the API and its HTTP status. */
export const ERROR_STATUS = {
  /** The request is malformed in a way no field names (bad JSON, a bad query). */
  bad_request: 400,
  /** A field is invalid; `details.issues` names each. */
  validation_failed: 400,
  /** The conversation id in a WebSocket URL is not a UUID. */
  invalid_id: 400,
  /** A persona named in a new conversation is neither a seed nor yours. */
  unknown_persona: 400,
  /** The room refused its settings (room RPC). */
  invalid_settings: 400,
  /** The room refused an interjection (room RPC). */
  invalid_interjection: 400,
  /** No valid session cookie. */
  unauthenticated: 401,
  /** Wrong username, email or password. */
  invalid_credentials: 401,
  forbidden: 403,
  /** Only the conversation's owner may do that. */
  not_owner: 403,
  /** Only admins may see that. */
  not_admin: 403,
  /** Seed personas cannot be changed. */
  read_only: 403,
  /** A signed-in write without an allowed Origin. */
  csrf_rejected: 403,
  /** A WebSocket from a page of another site. */
  origin_rejected: 403,
  /** Absent, or private and not yours. */
  not_found: 404,
  method_not_allowed: 405,
  /** Registration: the username or email is already registered (when the two cannot be told apart). */
  account_exists: 409,
  username_taken: 409,
  email_taken: 409,
  /** The account already owns MAX_PERSONAS_PER_USER personas. */
  persona_limit: 409,
  persona_name_taken: 409,
  /** The room has no settings yet (room RPC). */
  not_configured: 409,
  /** The control is not allowed in the room's current status (room RPC). */
  invalid_transition: 409,
  /** The room's turns or budget are used up (room RPC). */
  limit_reached: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** The endpoint speaks WebSocket only. */
  upgrade_required: 426,
  /** The budget is spent; Retry-After says when to come back. */
  rate_limited: 429,
  internal_error: 500,
  /** The Worker's configuration is invalid; the message names the variable. */
  config_invalid: 500,
  /** The room did not answer. */
  room_unavailable: 503,
  /** Postgres cannot be reached now; Retry-After says when to try again. */
  database_unavailable: 503,
} as const;

/** One of the API's error codes. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The HTTP status of `code`. */
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_STATUS)[C];

/** Every error code, in ERROR_STATUS's order. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** True when `value` is one of the API's error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
