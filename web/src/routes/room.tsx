/** Room. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>Room</h1>;

export default Page;
