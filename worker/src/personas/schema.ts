/** The wire schemas of personas: what a user may write, and what the API answers. */
import { z } from '@hono/zod-openapi';
import { PERSONA_LIMITS as LIMITS, PERSONA_NAME_PATTERN, PROVIDER_IDS } from '../contract/index.ts';
import { plainText as text } from '../text-schema.ts';
import { SEED_PERSONAS } from './seed.ts';

/** A provider's model id, e.g. `gpt-4.1-mini` or `llama3.1:8b`. */
export const ModelIdSchema = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9._:/@-]{${LIMITS.model.min},${LIMITS.model.max}}$`),
    `must be a model id (letters, digits and ._:/@-, at most ${LIMITS.model.max})`,
  );

/** One of PROVIDER_IDS. */
export const ProviderIdSchema = z.enum(PROVIDER_IDS);

/** A valid persona: the document's example, and the tests' starting point. */
export const PERSONA_EXAMPLE = {
  name: 'pirate',
  displayName: 'The Pirate',
  systemPrompt: 'You are a salty pirate captain who answers every question with tales of the sea.',
  temperature: 0.8,
  style: 'swashbuckling',
  avgLength: 90,
  traits: ['bold', 'boastful'],
  avatar: '🏴‍☠️',
  color: '#1d4e89',
  defaultProvider: 'demo',
  defaultModel: 'demo-voice',
} as const;

const SEED_NAMES = new Set(SEED_PERSONAS.map((persona) => persona.name));

/** A trait: a word or short phrase of letters, digits, spaces, `'` and `-`, starting with a letter or digit. */
const TRAIT_PATTERN = new RegExp(
  `^[\\p{L}\\p{N}][\\p{L}\\p{N} '-]{${LIMITS.trait.min - 1},${LIMITS.trait.max - 1}}$`,
  'u',
);

/** A persona as its owner writes it. */
export const PersonaInputSchema = z
  .object({
    name: z
      .string()
      .regex(
        PERSONA_NAME_PATTERN,
        `must be a slug: a lowercase letter, then lowercase letters, digits or dashes (${LIMITS.name.min} to ${LIMITS.name.max})`,
      )
      .refine((name) => !SEED_NAMES.has(name), 'is a seed persona'),
    displayName: text(LIMITS.displayName.min, LIMITS.displayName.max),
    systemPrompt: text(LIMITS.systemPrompt.min, LIMITS.systemPrompt.max, { multiline: true }),
    temperature: z.number().min(LIMITS.temperature.min).max(LIMITS.temperature.max),
    style: text(LIMITS.style.min, LIMITS.style.max),
    avgLength: z.number().int().min(LIMITS.avgLength.min).max(LIMITS.avgLength.max),
    traits: z
      .array(
        z
          .string()
          .trim()
          .regex(TRAIT_PATTERN, `must be a word or short phrase (at most ${LIMITS.trait.max} characters)`),
      )
      .min(LIMITS.traits.min)
      .max(LIMITS.traits.max)
      .refine(
        (traits) => new Set(traits.map((trait) => trait.toLowerCase())).size === traits.length,
        'must not repeat',
      ),
    avatar: text(LIMITS.avatar.min, LIMITS.avatar.max).refine(
      (value) => !/[<>]/.test(value),
      'must be an emoji or short text',
    ),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour'),
    defaultProvider: ProviderIdSchema,
    defaultModel: ModelIdSchema,
  })
  .strict()
  .openapi('PersonaInput', { example: PERSONA_EXAMPLE });

/** A partial update; at least one field. */
export const PersonaUpdateSchema = PersonaInputSchema.partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'must change at least one field')
  .openapi('PersonaUpdate', { example: { temperature: 1.1, traits: ['bold', 'boastful', 'superstitious'] } });

/** A persona as the API answers it: seed personas have their name as id and `seed: true`. */
export const PersonaSchema = z
  .object({
    id: z.string(),
    seed: z.boolean(),
    name: z.string(),
    displayName: z.string(),
    systemPrompt: z.string(),
    temperature: z.number(),
    style: z.string(),
    avgLength: z.number(),
    traits: z.array(z.string()),
    avatar: z.string(),
    color: z.string(),
    defaultProvider: ProviderIdSchema,
    defaultModel: z.string(),
  })
  .openapi('Persona');

/** A persona of the API. */
export type ApiPersona = z.infer<typeof PersonaSchema>;

/** `GET /api/personas`. */
export const PersonaListSchema = z.object({ personas: z.array(PersonaSchema) }).openapi('PersonaList');
