/**
 * Runs `npm run dev` as a child, as a newcomer would, for the dev-script tests
 * and the browser tests: its own process group (so an interrupt reaches it as
 * a terminal's Ctrl-C does), its output captured, its URL awaited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../..', import.meta.url).pathname;

/** A running `npm run dev`. */
export interface DevProcess {
  child: ChildProcess;
  /** The exit code, or the signal when npm passes the interrupt on to itself as a shell would. */
  exited: Promise<number | string | null>;
  /** Resolves with the match once `pattern` appears in the output; throws if dev exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Ctrl-C. */
  interrupt(): void;
  output(): string;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts `npm run dev` with the embedded defaults, overridden by `env`. */
export function startDev(env: Record<string, string>): DevProcess {
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      UPSTASH_REDIS_REST_URL: '',
      UPSTASH_REDIS_REST_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    exited,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(`dev did not print ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    interrupt: () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // The group ended meanwhile.
      }
    },
    output: () => output,
  };
}
