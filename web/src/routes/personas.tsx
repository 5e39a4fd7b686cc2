/** Personas. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Personas</h1>;

export default Page;
