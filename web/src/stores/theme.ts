/** The colour theme: the system's by default, or the one the visitor picked, kept in localStorage. */
import { createRoot, createSignal } from 'solid-js';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'chimera-theme';

function initialTheme(): Theme {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const [theme, setThemeSignal] = createRoot(() => createSignal<Theme>(initialTheme()));

/** Applies a theme to the document and remembers it. */
export function setTheme(next: Theme): void {
  setThemeSignal(next);
  document.documentElement.dataset.theme = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
}

/** Applies the remembered (or system) theme; called once at start. */
export function applyTheme(): void {
  document.documentElement.dataset.theme = theme();
}

export { theme };
