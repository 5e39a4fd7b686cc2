/** "just now", "5 min ago", "2 h ago", "3 Dec": a message's age as a chat shows it, from one shared clock that ticks every 30 s. */
import { createRoot, createSignal, onCleanup } from 'solid-js';

const TICK_MS = 30_000;

const [now, setNow] = createRoot(() => createSignal(Date.now()));
let watchers = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The shared clock (ms); ticks while at least one component watches it (call inside a component). */
export function useNow(): () => number {
  watchers += 1;
  timer ??= setInterval(() => setNow(Date.now()), TICK_MS);
  onCleanup(() => {
    watchers -= 1;
    if (watchers === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}

/** The age of `iso` at `nowMs` in words. */
export function relativeTime(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((nowMs - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** The exact time, for the hover and focus of a relative one. */
export function exactTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
}
