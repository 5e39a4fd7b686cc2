/**
 * Times as the API accepts them: ISO 8601 with a real calendar date, between
 * 1970 and 9999 in UTC. A syntactically valid time outside what Postgres and
 * `Date#toISOString` both handle (year 0000, or a year past 9999 once its
 * offset is applied) would otherwise pass validation and fail as a 500 in the
 * query.
 */
import { z } from '@hono/zod-openapi';

/** The earliest accepted time. */
export const EARLIEST_TIME = Date.UTC(1970, 0, 1);
/** The latest accepted time. */
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** True when `value` parses to a time within EARLIEST_TIME..LATEST_TIME. */
export function isTimeInRange(value: string): boolean {
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= EARLIEST_TIME && time <= LATEST_TIME;
}

/** An ISO 8601 date-time (zod's `z.iso.datetime` options) within the accepted range. */
export function isoTime(options: Parameters<typeof z.iso.datetime>[0] = {}) {
  return z.iso.datetime(options).refine(isTimeInRange, 'must be a time between 1970 and 9999');
}
