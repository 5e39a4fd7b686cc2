/** New room. */
import type { Component } from 'solid-js';

const Page: Component = () => <h1>New room</h1>;

export default Page;
