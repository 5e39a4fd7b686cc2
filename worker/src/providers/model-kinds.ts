/**
 * Which listed models can hold a conversation. Providers list everything
 * they serve: OpenAI its embeddings, Whisper, TTS, image and moderation
 * models; Ollama and LM Studio any embedding model installed. None of those
 * can answer a chat turn, so model lists (and so the model checks) leave
 * them out. Names are all most lists give; Gemini's also says which methods
 * a model supports (gemini.ts filters on that too).
 */

/** Words in a model id that mark a model as not for chat. */
const NOT_CHAT =
  /(^|[-_./:])(embed|embedding|embeddings|whisper|tts|transcribe|dall-e|gpt-image|imagen|image|moderation|audio|realtime|speech|rerank|davinci|babbage|sora|veo|aqa)([-_./:\d]|$)/i;

/** Whether the model `id` is one a chat turn can use. */
export function isChatModel(id: string): boolean {
  return !NOT_CHAT.test(id);
}
