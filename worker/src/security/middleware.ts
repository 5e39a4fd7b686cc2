/** The Worker's own responses: security headers, CORS from CORS_ORIGINS, and the request body limit. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readConfig } from '../env.ts';
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from './headers.ts';

/** Largest JSON body the API reads; the biggest legitimate one is a persona with a long system prompt. */
export const MAX_BODY_BYTES = 32 * 1024;

/** Sets the security headers on every response the Worker produces, errors included. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    // A 101 WebSocket upgrade has immutable headers, and nothing to protect.
    if (c.res.status === 101) return;
    for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) c.res.headers.set(name, value);
    c.res.headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  };
}

/** Cross-origin access for CORS_ORIGINS only, with credentials; same-origin needs none. */
export function corsFromConfig(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (readConfig(c.env).CORS_ORIGINS.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}

/** Refuses bodies over MAX_BODY_BYTES with 413 `payload_too_large`, before reading them whole. */
export function bodySizeLimit(): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    },
  });
}
