/** Sign up. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Sign up</h1>;

export default Page;
