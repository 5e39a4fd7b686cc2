/** The admin stats as the web app reads them, typed from the Worker's route through the hc client. */
import type { InferResponseType } from 'hono/client';
import type { api } from '../../lib/api.ts';

/** The body of `GET /api/admin/stats`. */
export type Stats = InferResponseType<typeof api.api.admin.stats.$get, 200>;

/** Each provider's colour in every chart (readable on both themes). */
export const PROVIDER_COLORS: Record<string, string> = {
  openai: '#10a37f',
  anthropic: '#d97757',
  deepseek: '#4d6bfe',
  gemini: '#8e75b2',
  'lm-studio': '#e3b341',
  ollama: '#6e7781',
  demo: '#2f81f7',
};

/** USD with enough digits for sub-cent calls: four decimals under a dollar, two from there. */
export function usd(value: number): string {
  return value === 0 ? '$0' : value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** Milliseconds as "850 ms" or "1.2 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A count with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio as a percentage. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
}
