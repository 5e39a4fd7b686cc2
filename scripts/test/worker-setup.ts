/**
 * Global setup of the Workers test project: the real stack (embedded PGlite,
 * or TEST_DATABASE_URL reset and migrated; REDIS_URL or memory behind the
 * Upstash endpoint), handed to workerd as bindings, and the fake AI provider
 * server, whose URL tests read with `inject('fakeProvidersUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { startFakeProviders } from '../fake-providers/server.ts';
import { startStack, type WorkerConnection } from '../stack/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workerConnection: WorkerConnection;
    fakeProvidersUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
  const stack = await startStack({
    env: { DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL },
    resetDatabase: databaseUrl !== undefined,
    log: (line) => console.warn(line),
  });
  const fakeProviders = await startFakeProviders();
  console.info(
    `worker tests against:\n  ${[...stack.summary, `providers  fake at ${fakeProviders.url}`].join('\n  ')}`,
  );
  project.provide('workerConnection', stack.connection);
  project.provide('fakeProvidersUrl', fakeProviders.url);
  return async () => {
    await fakeProviders.stop();
    await stack.stop();
  };
}
