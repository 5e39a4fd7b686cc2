/** The frame of every page: the site's navigation, the account and the theme switch. */
import { A, useNavigate } from '@solidjs/router';
import { Show, Suspense, type ParentComponent } from 'solid-js';
import { api } from '../lib/api.ts';
import { currentUser, setCurrentUser } from '../stores/session.ts';
import { setTheme, theme } from '../stores/theme.ts';

/** Navigation, account and theme switch above the current page. */
export const Layout: ParentComponent = (props) => {
  const navigate = useNavigate();
  const signOut = async () => {
    await api.api.auth.logout.$post();
    setCurrentUser(null);
    navigate('/');
  };
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <A href="/" class="brand" end>Chimera</A>
        <nav aria-label="Main">
          <A href="/" end>Lobby</A>
          <A href="/rooms/new">New room</A>
          <A href="/personas">Personas</A>
          <A href="/providers">Providers</A>
          <Show when={currentUser()?.isAdmin}>
            <A href="/admin">Admin</A>
          </Show>
        </nav>
        <div class="account">
          <Show
            when={currentUser()}
            fallback={
              <>
                <A href="/sign-in">Sign in</A>
                <A href="/sign-up">Sign up</A>
              </>
            }
          >
            {(user) => (
              <>
                <span class="username">{user().username}</span>
                <button type="button" onClick={signOut}>Sign out</button>
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
      </header>
      <main id="main" class="page">
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>{props.children}</Suspense>
      </main>
    </>
  );
};
