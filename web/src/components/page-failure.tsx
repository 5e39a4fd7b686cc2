/**
 * What the layout shows in place of a page that failed: one whose code could not be fetched (see
 * lib/lazy-chunk.ts), which it first loads afresh once, or one that threw while drawing. It says which in
 * words and offers a reload and the lobby; the router clears it on the next navigation.
 */
import { A, useLocation } from '@solidjs/router';
import { Show, type Component } from 'solid-js';
import { ChunkLoadError, loadAfresh } from '../lib/lazy-chunk.ts';

export const PageFailure: Component<{ error: unknown }> = (props) => {
  // The router's location is the page being opened; the address bar still shows the one being left.
  const location = useLocation();
  const missing = props.error instanceof ChunkLoadError;
  if (!missing) console.error(props.error);
  const reloading = missing && loadAfresh(`${location.pathname}${location.search}${location.hash}`);
  return (
    <Show when={!reloading} fallback={<p aria-busy="true">Loading the current version of Chimera…</p>}>
      <section class="not-found" role="alert">
        <h1>{missing ? 'This page could not be loaded' : 'Something went wrong on this page'}</h1>
        <p>
          {missing
            ? 'Chimera may have been updated since this tab was opened, or the connection dropped.'
            : 'The page stopped while drawing itself. Reloading usually brings it back.'}
        </p>
        <p>
          <button type="button" class="button-primary" onClick={() => window.location.reload()}>
            Reload
          </button>{' '}
          or go <A href="/">back to the lobby</A>.
        </p>
      </section>
    </Show>
  );
};
