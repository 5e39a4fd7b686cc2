/**
 * What every documented route shares: the error schema, the error responses a
 * route declares, the hook that turns a failed validation into a 400 in the
 * error shape, and the document's header. Each route documents itself through
 * `createRoute`; the app serves the merged document at /api/openapi.json.
 */
import { OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../env.ts';
import { ERROR_CODES, ERROR_STATUS } from '../contract/index.ts';
import { ApiError } from '../errors.ts';

/** The body of every error response. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** What each documented error status means; the codes it carries come from the contract (ERROR_STATUS). */
const STATUS_MEANINGS = {
  400: 'Invalid input (`validation_failed`: details.issues names each field)',
  401: 'Not signed in, or wrong credentials',
  403: 'Not allowed',
  404: 'Absent, or private and not yours',
  409: 'Conflict with the current state',
  413: 'The body exceeds the size limit',
  415: 'Send `application/json`',
  426: 'This endpoint speaks WebSocket only',
  429: 'The budget is spent; Retry-After says when to come back',
  503: 'A dependency (the room, Postgres) did not answer',
} as const satisfies Partial<Record<ContentfulStatusCode, string>>;

const ERROR_DESCRIPTIONS = Object.fromEntries(
  Object.entries(STATUS_MEANINGS).map(([status, meaning]) => {
    const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === Number(status)).map((code) => `\`${code}\``);
    return [status, `${meaning}: ${codes.join(', ')}.`];
  }),
) as Record<keyof typeof STATUS_MEANINGS, string>;

type DocumentedErrorStatus = keyof typeof STATUS_MEANINGS;

/** The `responses` entries for the error statuses a route can answer. */
export function errorResponses<const S extends DocumentedErrorStatus>(...statuses: S[]) {
  const responses = {} as Record<
    S,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;
  for (const status of statuses) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorSchema } },
    };
  }
  return responses;
}

/** A JSON response entry for `responses`. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body (required) for `request.body`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Rejects invalid input with 400 `validation_failed`, naming each failing field. */
export const rejectInvalidInput: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return;
  const issues = result.error.issues.map((issue) => ({
    path: [result.target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ApiError(
    400,
    'validation_failed',
    `Invalid ${result.target}: ${issues[0]?.path ?? result.target} ${issues[0]?.message ?? ''}`.trim(),
    { issues },
  );
};

/** A documented sub-app; validation failures reach the error shape through the root's hook. */
export function documentedRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalidInput });
}

/** Signed-in routes: the session cookie set by /api/auth/login. */
export const SESSION_SECURITY = [{ session: [] }];

/** The document's header and security scheme. */
export const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: 'Chimera API',
    version: '1.0.0',
    description:
      'The AI chatroom show. Errors are `{"error": {"code", "message", "details?"}}`. Writes with a session cookie must come from an allowed Origin (CSRF). Every route is rate limited; a 429 carries Retry-After.',
  },
} as const;
