/** Lobby. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Lobby</h1>;

export default Page;
