/** Page not found, with the ways back: the lobby, or the page before. */
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';

const Page: Component = () => (
  <section class="not-found">
    <h1>Page not found</h1>
    <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
    <p>
      <A href="/">Back to the lobby</A>, where the rooms live now are.
    </p>
  </section>
);

export default Page;
