import { describe, expect, it } from 'vitest';
import { isChatModel } from './model-kinds.ts';

describe('isChatModel', () => {
  it.each([
    'gpt-4.1-mini',
    'gpt-5',
    'o4-mini',
    'claude-haiku-4-5',
    'deepseek-reasoner',
    'gemini-2.5-flash',
    'llama3.2',
    'qwen2.5-7b-instruct',
    'mistral:7b',
  ])('keeps the chat model %s', (id) => expect(isChatModel(id)).toBe(true));

  it.each([
    'text-embedding-3-small',
    'nomic-embed-text',
    'mxbai-embed-large:latest',
    'gemini-embedding-001',
    'whisper-1',
    'tts-1-hd',
    'gpt-4o-mini-tts',
    'gpt-4o-transcribe',
    'dall-e-3',
    'gpt-image-1',
    'omni-moderation-latest',
    'gpt-4o-realtime-preview',
    'gpt-4o-audio-preview',
    'davinci-002',
    'imagen-4.0-generate-001',
  ])('leaves out %s', (id) => expect(isChatModel(id)).toBe(false));
});
