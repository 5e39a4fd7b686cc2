/** "Copy link" (with a visible fallback when the clipboard is refused) and the transcript exports. */
import { createSignal, Show, type Component } from 'solid-js';

/** The share and export buttons. */
export const ShareExport: Component<{ onExport: (format: 'markdown' | 'json') => Promise<void> }> = (props) => {
  const [copied, setCopied] = createSignal(false);
  const [fallbackUrl, setFallbackUrl] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const copyLink = async () => {
    const url = globalThis.location.href;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setFallbackUrl(null);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setFallbackUrl(url);
    }
  };
  const exportAs = async (format: 'markdown' | 'json') => {
    setBusy(true);
    setError(null);
    try {
      await props.onExport(format);
    } catch (caught) {
      setError(`Export failed: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="room-share" role="group" aria-label="Share and export">
      <button type="button" onClick={copyLink}>
        Copy link
      </button>
      <Show when={copied()}>
        <span class="room-copied" role="status">
          Link copied
        </span>
      </Show>
      <button type="button" disabled={busy()} onClick={() => exportAs('markdown')}>
        Export Markdown
      </button>
      <button type="button" disabled={busy()} onClick={() => exportAs('json')}>
        Export JSON
      </button>
      <Show when={fallbackUrl()}>
        {(url) => (
          <label class="room-link-fallback">
            Copy this link:
            <input type="text" readOnly value={url()} ref={(input) => queueMicrotask(() => input.select())} />
          </label>
        )}
      </Show>
      <Show when={error()}>
        <p role="alert" class="room-error">
          {error()}
        </p>
      </Show>
    </div>
  );
};
