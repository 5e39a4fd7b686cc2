/**
 * CSRF protection for cookie-authenticated writes, by origin rather than by
 * token: a write (POST, PUT, PATCH, DELETE) that carries the session cookie
 * must say where it comes from, through `Origin` (an allowed origin) or, when
 * a browser omits Origin, `Sec-Fetch-Site: same-origin`. Every browser that
 * could be tricked into a cross-site request sends one of them, so nothing
 * else is accepted; scripts that use a cookie send an Origin header. Unlike
 * Hono's csrf(), which skips JSON requests, this checks every content type.
 * The SameSite=Strict cookie is the second line.
 */
import type { MiddlewareHandler } from 'hono';
import { hasSessionCookie } from '../auth/sessions.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { isAllowedOrigin } from './origins.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Rejects cross-origin writes that carry the session cookie with 403 `csrf_rejected`. */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && hasSessionCookie(c)) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      const allowed = origin !== undefined ? isAllowedOrigin(c, origin) : fetchSite === 'same-origin';
      if (!allowed) {
        throw new ApiError(
          403,
          'csrf_rejected',
          'A signed-in write must come from this site (its Origin header is missing or not allowed).',
        );
      }
    }
    await next();
  };
}
