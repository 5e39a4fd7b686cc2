/**
 * Security headers. The Worker sets them on its own responses (the API and
 * WebSocket routes); the SolidJS app is served as static assets without the
 * Worker running, so the same policy reaches it through a `_headers` file that
 * the web build writes from `assetHeadersFile()`. This module is pure: the
 * Vite config imports it.
 */

/** On every response: HTTPS only for two years, no MIME sniffing, no framing, no referrer leaks across sites. */
export const COMMON_SECURITY_HEADERS = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
} as const;

/**
 * The SolidJS app: scripts and styles from its own origin only (Vite emits no
 * inline script), style attributes allowed (Solid writes some), fetch and
 * WebSocket to its own origin, no plugins, no framing, no foreign forms.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API responses are data, never documents: nothing may load from them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The Workers static-assets `_headers` file: the app's policy on every asset. */
export function assetHeadersFile(): string {
  const headers = { ...COMMON_SECURITY_HEADERS, 'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY };
  return `${['/*', ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n')}\n`;
}
