/**
 * `npm run dev`: the whole app on localhost with nothing configured. Starts the
 * local stack (see stack/stack.ts), the web build in watch mode and
 * `wrangler dev`, prints the URL, and stops every child on Ctrl-C.
 * Reads .env when there is one; the process environment wins over it.
 * Children run in process groups of their own, recorded in the data dir, so
 * that a dev killed without cleaning up (SIGKILL) has its leftovers ended by
 * the next start (stack/dev-processes.ts) instead of holding the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchema, ConfigError } from '../worker/src/env.ts';
import { FIRST_LOAD_LABEL } from './build/first-load-size.ts';
import { endLeftovers, forgetDevProcesses, recordDevProcesses } from './stack/dev-processes.ts';
import { startStack, type Stack } from './stack/stack.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
const port = Number(process.env.PORT ?? 8787);
/** Local state: the embedded Postgres, the Durable Objects' storage and the web build. */
const dataDir = process.env.CHIMERA_DATA_DIR ?? `${root}.data`;
/**
 * The web build this dev serves, its own: `npm run build`, `npm test` or another dev rebuilding web/dist
 * empties that folder first, and a page open here would then miss its next chunk.
 */
const webDir = `${dataDir}/web`;
/** dev's pid and its children's process groups, for the next start to end if this one dies uncleanly. */
const pidFile = `${dataDir}/dev-processes.json`;
const children: ChildProcess[] = [];
let stack: Stack | undefined;
let stopping = false;

function log(line: string) {
  console.log(`[dev] ${line}`);
}

/** Dotenv text for wrangler's --env-file: the stack's connection plus the user's own variables. */
function workerEnvFile(connection: Stack['connection']): string {
  const variables: Record<string, string | undefined> = { ...pickConfigVariables(process.env), ...connection };
  return Object.entries(variables)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n');
}

function pickConfigVariables(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const names = [...Object.keys(configSchema.shape), 'CF_ACCESS_CLIENT_ID', 'CF_ACCESS_CLIENT_SECRET'];
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}

/** Spawns a child in its own process group; `onLine` sees its output lines. */
function run(
  command: string,
  args: string[],
  onLine: (line: string) => void = (line) => console.log(line),
): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', WRANGLER_SEND_METRICS: 'false' },
  });
  children.push(child);
  // Detached: each child leads a group of its own, whose id is its pid.
  recordDevProcesses(pidFile, {
    owner: process.pid,
    groups: children.flatMap((each) => (each.pid === undefined ? [] : [each.pid])),
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${command.split('/').pop()} exited (${signal ?? `code ${code}`}); stopping.`);
      void shutdown(1);
    }
  });
  return child;
}

async function shutdown(exitCode: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  }
  await Promise.all(
    children.map((child) =>
      child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined,
    ),
  );
  if (children.length > 0) forgetDevProcesses(pidFile);
  await stack?.stop();
  log('stopped.');
  process.exit(exitCode);
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main() {
  if (existsSync(`${root}.env`)) process.loadEnvFile(`${root}.env`);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });
  await endLeftovers(pidFile, root, log);

  stack = await startStack({ env: process.env, pgliteDir: `${dataDir}/pglite`, log: (line) => log(line) });
  const envFile = `${dataDir}/worker.env`;
  writeFileSync(envFile, workerEnvFile(stack.connection), { mode: 0o600 });

  // wrangler reads the build's _headers when it starts, and serves from the folder the build empties first:
  // it starts once the first build is written, which the build's size report says (closeBundle).
  const firstBuild = new Promise<void>((resolve) => {
    run(bin('vite'), ['build', '--watch', '--logLevel', 'warn', '--outDir', webDir], (line) => {
      if (line.trim()) console.log(`[web] ${line}`);
      if (line.startsWith(FIRST_LOAD_LABEL)) resolve();
    });
  });
  await firstBuild;

  run(
    bin('wrangler'),
    [
      'dev',
      ...['--ip', '127.0.0.1', '--port', String(port)],
      ...['--env-file', envFile, '--persist-to', `${dataDir}/wrangler`, '--assets', webDir],
      '--show-interactive-dev-session=false',
    ],
    (line) => {
      if (line.trim()) console.log(`[worker] ${line}`);
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, 60_000);
  console.log(
    [
      '',
      `Chimera is running at ${url}`,
      ...stack.summary.map((line) => `  ${line}`),
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) console.error(`[dev] Configuration error: ${error.message}`);
  else console.error(`[dev] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
