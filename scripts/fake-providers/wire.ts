/**
 * The wire formats of each provider's public API, as the fake server speaks
 * them: how a request names its model, system prompt, messages and
 * temperature; error bodies; and model lists. How a streamed reply is
 * framed is in stream-formats.ts.
 */

/** The provider families the fake serves; OpenAI's format also serves DeepSeek and LM Studio. */
export type WireFamily = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/** What a request asked for, the same fields whatever its format. */
export interface NormalizedRequest {
  model: string;
  system: string;
  messages: { role: string; content: string }[];
  temperature: number | undefined;
  maxOutputTokens: number | undefined;
}

/** A reply's token counts as the fake reports them. */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A JSON object as the fake reads and writes it. */
export type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Anthropic and Gemini content may be a string or a list of text parts. */
function flatten(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (part && typeof part === 'object' && 'text' in part ? text(part.text) : ''))
    .join('');
}

const asObject = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Reads a request body of `family` into the common fields. */
export function normalize(family: WireFamily, body: Json, pathModel?: string): NormalizedRequest {
  if (family === 'openai' || family === 'ollama') {
    const all = asArray(body.messages).map((message) => asObject(message));
    const options = asObject(body.options);
    return {
      model: text(body.model),
      system: all
        .filter((message) => message.role === 'system')
        .map((message) => flatten(message.content))
        .join('\n'),
      messages: all
        .filter((message) => message.role !== 'system')
        .map((message) => ({ role: text(message.role), content: flatten(message.content) })),
      temperature: family === 'ollama' ? asNumber(options.temperature) : asNumber(body.temperature),
      maxOutputTokens:
        family === 'ollama'
          ? asNumber(options.num_predict)
          : (asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens)),
    };
  }
  if (family === 'anthropic') {
    return {
      model: text(body.model),
      system: flatten(body.system),
      messages: asArray(body.messages).map((message) => ({
        role: text(asObject(message).role),
        content: flatten(asObject(message).content),
      })),
      temperature: asNumber(body.temperature),
      maxOutputTokens: asNumber(body.max_tokens),
    };
  }
  const config = asObject(body.generationConfig);
  return {
    model: pathModel ?? '',
    system: flatten(asObject(body.systemInstruction).parts),
    messages: asArray(body.contents).map((content) => ({
      role: text(asObject(content).role),
      content: flatten(asObject(content).parts),
    })),
    temperature: asNumber(config.temperature),
    maxOutputTokens: asNumber(config.maxOutputTokens),
  };
}

/** The `created` timestamp of every OpenAI-format object the fake sends. */
export const CREATED = 1_760_000_000;

/** The Anthropic API version the current SDKs send; it refuses sampling parameters, even at their defaults. */
export const ANTHROPIC_CURRENT_VERSION = '2026-10-21';

/** Why Anthropic refuses this Messages request under `version`, as its 400 says; undefined when it accepts it. */
export function anthropicRefusal(version: string | undefined, body: Json): string | undefined {
  if (version === undefined) return 'anthropic-version: header is required';
  if (version < ANTHROPIC_CURRENT_VERSION) return undefined;
  const sampling = ['temperature', 'top_p', 'top_k'].find((name) => name in body);
  return sampling ? `${sampling}: Extra inputs are not permitted` : undefined;
}

/** How each family answers a key it does not know: Gemini with a 400 INVALID_ARGUMENT / API_KEY_INVALID, the others with a 401. */
export function badKeyAnswer(family: WireFamily, key: string): { status: number; body: Json } {
  if (family === 'gemini') {
    return {
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
              metadata: { service: 'generativelanguage.googleapis.com' },
            },
            {
              '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
              locale: 'en-US',
              message: 'API key not valid. Please pass a valid API key.',
            },
          ],
        },
      },
    };
  }
  if (family === 'anthropic') return { status: 401, body: errorBody(family, 401, 'invalid x-api-key') };
  // OpenAI (and DeepSeek, LM Studio) echo the refused key, shortened by the real API, whole here: the client must scrub it.
  return { status: 401, body: errorBody(family, 401, `Incorrect API key provided: ${key}`) };
}

/** The error body each family sends with an HTTP status. */
export function errorBody(family: WireFamily, status: number, message: string, retryAfterSeconds?: number): Json {
  if (family === 'openai') {
    const type =
      status === 401 || status === 400
        ? 'invalid_request_error'
        : status === 429
          ? 'rate_limit_exceeded'
          : 'server_error';
    return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } };
  }
  if (family === 'anthropic') {
    const type =
      status === 401
        ? 'authentication_error'
        : status === 400
          ? 'invalid_request_error'
          : status === 429
            ? 'rate_limit_error'
            : 'api_error';
    return { type: 'error', error: { type, message } };
  }
  if (family === 'gemini') {
    const statusName =
      status === 401
        ? 'UNAUTHENTICATED'
        : status === 400
          ? 'INVALID_ARGUMENT'
          : status === 429
            ? 'RESOURCE_EXHAUSTED'
            : 'INTERNAL';
    const details =
      retryAfterSeconds === undefined
        ? []
        : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }];
    return { error: { code: status, message, status: statusName, details } };
  }
  return { error: message };
}

/** A model list in each family's shape. */
export function modelList(family: WireFamily, models: string[]): Json {
  if (family === 'openai')
    return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake' })) };
  if (family === 'anthropic') {
    return {
      data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-10-01T00:00:00Z' })),
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models.at(-1) ?? null,
    };
  }
  if (family === 'gemini') {
    // As the real list: embedding models support embedContent, not generateContent.
    const methods = (id: string) =>
      id.includes('embedding') ? ['embedContent', 'countTextTokens'] : ['generateContent', 'countTokens'];
    return {
      models: models.map((id) => ({
        name: `models/${id}`,
        displayName: id,
        inputTokenLimit: 1_048_576,
        outputTokenLimit: 65_536,
        supportedGenerationMethods: methods(id),
      })),
    };
  }
  return {
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: '2025-10-01T00:00:00Z',
      size: 2_000_000_000,
      digest: 'fake',
      details: { format: 'gguf' },
    })),
  };
}
