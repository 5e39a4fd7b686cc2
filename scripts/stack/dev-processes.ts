/**
 * What `npm run dev` leaves behind if it dies without cleaning up (SIGKILL,
 * a closed terminal, an OOM kill): vite, wrangler and workerd run in process
 * groups of their own and would keep the port. A pid file in the data dir
 * records dev's own pid and each child's process group; the next start ends
 * the groups of a dev that is gone, after checking that they still run this
 * checkout's programs, and refuses to start beside a dev that still runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const pidFileSchema = z.object({ owner: z.int().positive(), groups: z.array(z.int().positive()) });

/** The processes of one `npm run dev`, as its pid file records them. */
export type DevProcesses = z.infer<typeof pidFileSchema>;

/** How long leftovers get to exit on SIGTERM before SIGKILL. */
const GRACE_MS = 5_000;

/** Writes the pid file: dev itself and the process groups of its children so far. */
export function recordDevProcesses(file: string, processes: DevProcesses): void {
  writeFileSync(file, JSON.stringify(processes), { mode: 0o600 });
}

/** Removes the pid file, once every child has exited. */
export function forgetDevProcesses(file: string): void {
  rmSync(file, { force: true });
}

/**
 * Ends what a dead `npm run dev` of this checkout (`root`) left running, per
 * its pid file; throws when that dev still runs. Returns the groups it ended.
 */
export async function endLeftovers(file: string, root: string, log: (line: string) => void): Promise<number[]> {
  if (!existsSync(file)) return [];
  const parsed = pidFileSchema.safeParse(parseJson(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    forgetDevProcesses(file);
    return [];
  }
  const { owner, groups } = parsed.data;
  const table = processTable();
  if (owner !== process.pid && table.some((entry) => entry.pid === owner && entry.args.includes('scripts/dev.ts'))) {
    throw new Error(`npm run dev is already running (pid ${owner}) with this data dir; stop it first.`);
  }
  // Only groups that still run this checkout's programs: a pid may have been reused since.
  const ours = groups.filter((group) => table.some((entry) => entry.pgid === group && entry.args.includes(root)));
  for (const group of ours) signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (ours.some(groupAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const group of ours.filter(groupAlive)) signalGroup(group, 'SIGKILL');
  if (ours.length > 0)
    log(`ended ${ours.length} process group(s) left running by an earlier npm run dev (${ours.join(', ')}).`);
  forgetDevProcesses(file);
  return ours;
}

/** Every process with its group and command line (`ps` on Linux and macOS alike). */
function processTable(): { pid: number; pgid: number; args: string }[] {
  const text = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return text.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), pgid: Number(match[2]), args: match[3]! }] : [];
  });
}

/** Whether any process of the group `group` still runs. */
export function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Gone already.
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
