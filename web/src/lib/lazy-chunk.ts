/**
 * The parts of the app fetched on demand (each page, the room's panels) and what a visitor sees when one
 * cannot be fetched: a deploy replaced the build an open tab was started from, or the connection dropped.
 * The layout's boundary (components/page-failure.tsx) then loads the page afresh, once, onto the current
 * build; when that does not help, it says so and offers a reload, instead of an empty page. A link's
 * preload (on hover) that fails changes nothing: the page's own render tries the fetch again.
 */
import { createComponent, lazy, Suspense, type Component, type ComponentProps, type JSX } from 'solid-js';

/** A chunk of the app that could not be fetched. */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super('A part of the page could not be loaded.', { cause });
    this.name = 'ChunkLoadError';
  }
}

/** Set in this tab's session storage while a fresh load for a missing chunk is under way; cleared by the next chunk that loads. */
const RELOADING_KEY = 'chimera:reloading-for-chunk';

/** What a fresh load needs of the browser; the tests give their own. */
export interface ChunkRecovery {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  online: () => boolean;
  load: (href: string) => void;
}

const browserRecovery = (): ChunkRecovery => ({
  storage: sessionStorageOrNull(),
  online: () => navigator.onLine !== false,
  load: (href) => window.location.assign(href),
});

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage blocked: no fresh load, since nothing would stop a loop of them.
    return null;
  }
}

/** Fetches a chunk; a failure becomes a ChunkLoadError, a success ends any fresh load under way. */
export async function loadChunk<T>(load: () => Promise<T>, recovery: ChunkRecovery = browserRecovery()): Promise<T> {
  try {
    const module = await load();
    recovery.storage?.removeItem(RELOADING_KEY);
    return module;
  } catch (error) {
    throw new ChunkLoadError(error);
  }
}

/** Loads `href` afresh for a missing chunk, unless offline or already tried since a chunk last loaded; true when it does. */
export function loadAfresh(href: string, recovery: ChunkRecovery = browserRecovery()): boolean {
  if (!recovery.storage || !recovery.online() || recovery.storage.getItem(RELOADING_KEY) !== null) return false;
  recovery.storage.setItem(RELOADING_KEY, href);
  recovery.load(href);
  return true;
}

/** Solid's `lazy` for a component module fetched through `loadChunk`: a page, which the layout's boundary awaits. */
// biome-ignore lint/suspicious/noExplicitAny: the component's props are whatever the module's component takes, as for `lazy`.
export function lazyChunk<T extends Component<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => loadChunk(load));
}

/**
 * A part of a page fetched on demand (a panel, a menu, a preview), behind a Suspense boundary of its own that
 * shows `fallback` meanwhile. Never the layout's boundary: a part first drawn while the visitor is leaving its
 * page (the lobby's live preview, when the rooms arrive after a click on Sign up) would join that navigation
 * and leave the old page on screen under the new address; the page would also blank while the part loads.
 */
// biome-ignore lint/suspicious/noExplicitAny: as for lazyChunk.
export function lazyPart<T extends Component<any>>(
  load: () => Promise<{ default: T }>,
  fallback?: () => JSX.Element,
): Component<ComponentProps<T>> {
  const Part = lazyChunk(load);
  return (props) =>
    createComponent(Suspense, {
      get fallback() {
        return fallback?.();
      },
      get children() {
        return createComponent(Part, props);
      },
    });
}
