/** The room's "Share" menu: the topic, "Copy link" (with a visible fallback when the clipboard is refused) and the transcript exports, each saying what it did. */
import { createSignal, onCleanup, onMount, Show, type Component } from 'solid-js';
import { FormAlert } from '../field.tsx';

/** The share menu; `onExport` resolves to the number of messages exported. */
export const ShareExport: Component<{ topic: string; onExport: (format: 'markdown' | 'json') => Promise<number> }> = (
  props,
) => {
  let menu: HTMLDetailsElement | undefined;
  const [feedback, setFeedback] = createSignal<string | null>(null);
  const [fallbackUrl, setFallbackUrl] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const copyLink = async () => {
    const url = globalThis.location.href;
    setError(null);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setFallbackUrl(null);
      setFeedback('Link copied');
    } catch {
      setFallbackUrl(url);
    }
  };
  const exportAs = async (format: 'markdown' | 'json') => {
    setBusy(true);
    setError(null);
    setFeedback(null);
    try {
      const count = await props.onExport(format);
      setFeedback(
        `Exported ${count} ${count === 1 ? 'message' : 'messages'} as ${format === 'markdown' ? 'Markdown' : 'JSON'}`,
      );
    } catch (caught) {
      setError(`Export failed: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      setBusy(false);
    }
  };
  // A click elsewhere closes the menu, as menus do; not the script's own click that starts a download.
  onMount(() => {
    const closeOutside = (event: MouseEvent) => {
      if (event.isTrusted && menu?.open && event.target instanceof Node && !menu.contains(event.target))
        menu.open = false;
    };
    document.addEventListener('click', closeOutside);
    onCleanup(() => document.removeEventListener('click', closeOutside));
  });
  return (
    <details class="room-more" ref={menu}>
      <summary>Share</summary>
      <div class="room-more-panel" role="group" aria-label="Share and export">
        <p class="room-topic">
          <span class="room-topic-label">Topic</span> {props.topic}
        </p>
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
        <button type="button" disabled={busy()} onClick={() => exportAs('markdown')}>
          Export Markdown
        </button>
        <button type="button" disabled={busy()} onClick={() => exportAs('json')}>
          Export JSON
        </button>
        <p class="room-feedback" role="status">
          {feedback()}
        </p>
        <Show when={fallbackUrl()}>
          {(url) => (
            <label class="room-link-fallback">
              Copy this link:
              <input type="text" readOnly value={url()} ref={(input) => queueMicrotask(() => input.select())} />
            </label>
          )}
        </Show>
        <FormAlert class="room-error" message={error()} />
      </div>
    </details>
  );
};
