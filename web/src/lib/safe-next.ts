/** Where a sign-in or sign-up goes afterwards: a `?next=` path of this site, never another origin (issue 12, point 13). */

/**
 * The path to go to after signing in: `next` when it is a path of this site, else the lobby.
 * Read as the browser will read it: the URL parser drops tabs and newlines and takes `\` for `/`,
 * so `/\t/evil.example` and `/\evil` are other sites. Only a path that resolves to this origin stays.
 */
export function safeNext(next: unknown, origin: string = globalThis.location?.origin ?? 'http://localhost'): string {
  // Control characters and spaces have no place in a path of ours; whatever a browser would make of them is refused.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters and spaces are what a browser strips from a URL
  if (typeof next !== 'string' || !next.startsWith('/') || /[\u0000-\u0020\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  return url.origin === new URL(origin).origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}
