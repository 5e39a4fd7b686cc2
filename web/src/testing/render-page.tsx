/** Renders one page of the app at a path, inside a memory router, as the app's router would show it. */
import { createMemoryHistory, MemoryRouter, Route, useLocation } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import type { Component } from 'solid-js';

/** Where the router is now: the path and query the page navigated to. */
export interface RenderedPage {
  location: () => string;
}

// jsdom has no scrolling; the router scrolls to the top on each navigation.
window.scrollTo = () => {};

/** Renders `page` for `path` (mounted at `route`); any other path renders "Page at {path}", so a navigation is visible. */
export function renderPage(page: Component, path: string, route = path.split('?')[0] ?? path): RenderedPage {
  const history = createMemoryHistory();
  history.set({ value: path });
  const Elsewhere: Component = () => {
    const location = useLocation();
    return <p>Page at {location.pathname}</p>;
  };
  render(() => (
    <MemoryRouter history={history}>
      <Route path={route} component={page} />
      <Route path="*" component={Elsewhere} />
    </MemoryRouter>
  ));
  return { location: () => history.get() };
}
