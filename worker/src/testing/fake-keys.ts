/**
 * Fake values for every secret the Worker can be given. The worker tests run
 * with all of them configured and check that no response ever contains one;
 * the web-bundle test builds the app with them in the environment and checks
 * that none reaches web/dist.
 */
export const FAKE_KEYS = {
  OPENAI_API_KEY: 'fake-openai-key-7f3a9c2e1b',
  ANTHROPIC_API_KEY: 'fake-anthropic-key-4d8e2a',
  DEEPSEEK_API_KEY: 'fake-deepseek-key-9b1c7e5f',
  GOOGLE_AI_API_KEY: 'fake-google-ai-key-3e6a1d9c7b',
  CF_ACCESS_CLIENT_ID: 'fake-access-client-id-2c5e8b.access',
  CF_ACCESS_CLIENT_SECRET: 'fake-access-client-secret-6a9d3f1e',
  LM_STUDIO_CF_ACCESS_CLIENT_ID: 'fake-lm-studio-access-id-8e2b4c.access',
  LM_STUDIO_CF_ACCESS_CLIENT_SECRET: 'fake-lm-studio-access-secret-1c7f9a',
  OLLAMA_CF_ACCESS_CLIENT_ID: 'fake-ollama-access-id-5d3a7e.access',
  OLLAMA_CF_ACCESS_CLIENT_SECRET: 'fake-ollama-access-secret-4b8e2d',
  LM_STUDIO_API_KEY: 'fake-lm-studio-api-key-5e9c1a',
  SECRET_KEY: 'test-secret-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
} as const;

/** A port nothing listens on: the cloud providers, switched on by the fake keys, fail at once instead of reaching out. */
export const DEAD_PROVIDER_URLS = {
  OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  DEEPSEEK_BASE_URL: 'http://127.0.0.1:9/v1',
  GEMINI_BASE_URL: 'http://127.0.0.1:9',
} as const;
