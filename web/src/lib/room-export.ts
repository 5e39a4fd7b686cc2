/** A room's transcript as Markdown or JSON, and the file download that hands it over. */
import type { RoomInfo, RoomMessage } from '../../../worker/src/contract/index.ts';

/** What a transcript names besides its messages. */
export interface TranscriptHeader {
  id: string;
  title: string;
  topic: string;
  room: RoomInfo | null;
  /** ISO 8601. */
  exportedAt: string;
}

/** Escapes the characters that would turn a line of plain text into Markdown structure in a heading. */
function headingText(text: string): string {
  return text.replace(/[\\`*_[\]#<>]/g, (character) => `\\${character}`).replace(/\s+/g, ' ');
}

function byline(message: RoomMessage): string {
  const { provider, model } = message.metadata;
  const source =
    message.senderType === 'user'
      ? 'viewer'
      : message.senderType === 'system'
        ? 'moderator'
        : provider && model
          ? `${provider} · ${model}`
          : 'AI';
  return `${headingText(message.author)} (${source}, ${message.createdAt})`;
}

/** The transcript as Markdown: a heading per message; message text kept as written (it is the conversation, not markup of ours). */
export function transcriptMarkdown(header: TranscriptHeader, messages: readonly RoomMessage[]): string {
  const lines = [`# ${headingText(header.title)}`, '', `Topic: ${header.topic}`, ''];
  if (header.room)
    lines.push(
      `With: ${header.room.personas.map((persona) => `${persona.displayName} (${persona.provider} · ${persona.model})`).join(', ')}`,
      '',
    );
  lines.push(`Exported ${header.exportedAt} · ${messages.length} messages`, '');
  for (const message of messages) lines.push(`## ${byline(message)}`, '', message.content, '');
  return lines.join('\n');
}

/** The transcript as JSON: the conversation and every message with its metadata. */
export function transcriptJson(header: TranscriptHeader, messages: readonly RoomMessage[]): string {
  const { id, title, topic, room, exportedAt } = header;
  return JSON.stringify(
    {
      conversation: { id, title, topic, mode: room?.mode ?? null, personas: room?.personas ?? [] },
      exportedAt,
      messages,
    },
    null,
    2,
  );
}

/** A file name from a title: lower-case words joined by dashes. */
export function fileNameFor(title: string, extension: string): string {
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'conversation';
  return `${slug}.${extension}`;
}

/** Offers `text` as a file download. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
