/**
 * `npm run bench` with tiny numbers, so its code path cannot rot: the app
 * under `npm run dev`, the harness, the tapped Postgres, the viewers and the
 * plain server, end to end. Figures are not asserted (the machine is shared);
 * that they were measured is.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, runBench } from './bench.ts';
import { FrontendParser } from './postgres-tap.ts';

/** A frontend message: type byte, Int32 length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

describe('the Postgres wire tap', () => {
  it('counts each parsed and simple-query statement, across startup and split chunks', () => {
    const seen: string[] = [];
    const parser = new FrontendParser((sql) => seen.push(sql));
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    const startupBody = Buffer.from('user\0postgres\0\0');
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + startupBody.length, 0);
    startup.writeInt32BE(196608, 4);
    const parse = message(
      'P',
      Buffer.concat([Buffer.from('\0insert into "messages" values ($1)\0'), Buffer.from([0, 0])]),
    );
    const query = message('Q', Buffer.from('select 1; update t set a = 1\0'));
    const stream = Buffer.concat([
      ssl,
      startup,
      startupBody,
      parse,
      message('B', Buffer.from([0, 0, 0, 0])),
      message('E', Buffer.from([0, 0, 0, 0, 0])),
      query,
    ]);
    for (let index = 0; index < stream.length; index += 7) parser.push(stream.subarray(index, index + 7));
    expect(seen).toEqual(['insert into "messages" values ($1)', 'select 1', ' update t set a = 1']);
  });
});

describe('npm run bench', { timeout: 300_000 }, () => {
  it('measures a room and the plain server with a handful of viewers', async () => {
    const report = await runBench({ viewers: [3], seconds: 1, paceMs: 20, storm: 20, reactors: 3, log: () => {} });
    const { rows, storm, reactions } = report;
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.room.samples).toBeGreaterThan(0);
    expect(row!.baseline.samples).toBeGreaterThan(0);
    expect(Number.isFinite(row!.room.p99)).toBe(true);
    expect(row!.room.framesPerViewerPerSecond).toBeGreaterThan(0);
    expect(row!.messagesStored).toBeGreaterThan(0);
    // One messages row and one provider_calls row per message, as the outbox writes them.
    expect(row!.writesPerMessage).toBe(2);
    expect(row!.devProxy).toMatchObject({ samples: expect.any(Number) });
    expect(formatReport(report, { seconds: 1, paceMs: 20 })).toMatch(/^\| 3 \| \d+ ms \| \d+ ms \|/m);
    // The storm: every viewer back, none refused with a 5xx.
    expect(storm).toMatchObject({ viewers: 20, missing: 0, http5xx: 0 });
    expect(formatReport(report, { seconds: 1, paceMs: 20 })).toMatch(/^\| 20 \| \d+\.\d s \| \d+\.\d s \|/m);
    // The reaction load: the same three viewers, reacting while the room streams, beside the row without.
    expect(reactions?.quiet).toBe(row!.room);
    expect(reactions?.reacting.samples).toBeGreaterThan(0);
    expect(reactions?.load.refused).toBe(0);
    expect(formatReport(report, { seconds: 1, paceMs: 20 })).toMatch(
      /^\| 3 \| \d+ ms \/ \d+ ms \| \d+ ms \/ \d+ ms \| [\d.]+× \/ [\d.]+× \|/m,
    );
  });
});
