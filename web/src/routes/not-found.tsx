/** Page not found. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Page not found</h1>;

export default Page;
