/** The Markdown renderer (lib/markdown.ts) fetched once, on demand; until it is in, messages show as plain text. */
import { createRoot, createSignal } from 'solid-js';

type Render = (text: string) => string;

const [renderer, setRenderer] = createRoot(() => createSignal<Render | null>(null));
let loading: Promise<void> | undefined;

/** Starts fetching the renderer (once); resolves when it is in, or when it could not be had (plain text stays). */
export function loadMarkdown(): Promise<void> {
  loading ??= import('./markdown.ts').then(
    (module) => void setRenderer(() => module.renderMarkdown),
    () => undefined,
  );
  return loading;
}

/** The renderer once loaded, else null. */
export { renderer as markdownRenderer };
