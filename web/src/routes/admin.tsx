/** Operator dashboard. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Operator dashboard</h1>;

export default Page;
