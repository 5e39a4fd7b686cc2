/**
 * `npm run fake-providers`: the fake provider server on its own, for trying
 * the app's providers offline. Prints the variables that point every
 * provider at one space of it; Ctrl-C stops it.
 */
import { z } from 'zod';
import { startFakeProviders } from './server.ts';

const fake = await startFakeProviders({ port: Number(process.env.FAKE_PROVIDERS_PORT ?? 0) });
const response = await fetch(`${fake.url}/spaces`, { method: 'POST' });
const { id } = z.object({ id: z.string() }).parse(await response.json());
const root = `${fake.url}/${id}`;
console.info(`fake providers at ${fake.url}; add to .env to use space ${id}:
OPENAI_API_KEY=fake-key OPENAI_BASE_URL=${root}/openai/v1
ANTHROPIC_API_KEY=fake-key ANTHROPIC_BASE_URL=${root}/anthropic
DEEPSEEK_API_KEY=fake-key DEEPSEEK_BASE_URL=${root}/deepseek/v1
GOOGLE_AI_API_KEY=fake GEMINI_BASE_URL=${root}/gemini
LM_STUDIO_URL=${root}/lm-studio
OLLAMA_URL=${root}/ollama
Script faults with: curl -X PUT ${fake.url}/spaces/${id}/script -d '{"faults":[{"kind":"status-500","provider":"openai"}]}'`);
process.on('SIGINT', () => void fake.stop().then(() => process.exit(0)));
