/** The frame of every page: the site's navigation (a menu on a phone), the account and the theme switch. */
import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, ErrorBoundary, on, Show, Suspense, type ParentComponent } from 'solid-js';
import { api } from '../lib/api.ts';
import { currentUser, setCurrentUser } from '../stores/session.ts';
import { setTheme, theme } from '../stores/theme.ts';
import { PageFailure } from './page-failure.tsx';

/** A room's page is a stage: it takes the whole screen below the header and scrolls only its log. */
export function isStagePath(pathname: string): boolean {
  return /^\/rooms\/(?!new$)[^/]+$/.test(pathname);
}

/** Navigation, account and theme switch above the current page. */
export const Layout: ParentComponent = (props) => {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);
  // A link followed from the menu closes it.
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  const signOut = async () => {
    await api.api.auth.logout.$post();
    setCurrentUser(null);
    navigate('/');
  };
  const here = () => `${location.pathname}${location.search}`;
  return (
    <div class="app" classList={{ 'app-stage': isStagePath(location.pathname) }}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header" data-menu={menuOpen() ? 'open' : 'closed'}>
        <A href="/" class="brand" end>
          <span class="brand-mark" aria-hidden="true">
            ◐
          </span>{' '}
          Chimera
        </A>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen()}
          aria-controls="site-menu"
          onClick={() => setMenuOpen(!menuOpen())}
        >
          <span aria-hidden="true">{menuOpen() ? '✕' : '☰'}</span> Menu
        </button>
        <div class="site-menu" id="site-menu">
          <nav aria-label="Main">
            <A href="/" end>
              Lobby
            </A>
            <A href="/rooms/new">New room</A>
            <A href="/personas">Personas</A>
            <A href="/providers">Providers</A>
            <A href="/leaderboard">Leaderboard</A>
            <Show when={currentUser()?.isAdmin}>
              <A href="/admin">Admin</A>
            </Show>
          </nav>
          <div class="account">
            <Show
              when={currentUser()}
              fallback={
                <>
                  <A
                    href={
                      /^\/sign-(in|up)$/.test(location.pathname)
                        ? '/sign-in'
                        : `/sign-in?next=${encodeURIComponent(here())}`
                    }
                  >
                    Sign in
                  </A>
                  <A href="/sign-up">Sign up</A>
                </>
              }
            >
              {(user) => (
                <>
                  <span class="username">{user().username}</span>
                  <button type="button" onClick={signOut}>
                    Sign out
                  </button>
                </>
              )}
            </Show>
            <button
              type="button"
              class="theme-toggle"
              aria-label={theme() === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              onClick={() => setTheme(theme() === 'dark' ? 'light' : 'dark')}
            >
              {theme() === 'dark' ? '☀' : '☾'}
            </button>
          </div>
        </div>
      </header>
      <main id="main" class="page">
        <ErrorBoundary fallback={(error) => <PageFailure error={error} />}>
          <Suspense fallback={<p aria-busy="true">Loading…</p>}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
};
