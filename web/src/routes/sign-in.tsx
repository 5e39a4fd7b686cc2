/** Sign in. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Sign in</h1>;

export default Page;
