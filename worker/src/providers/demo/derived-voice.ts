/**
 * A voice for a persona a user wrote, derived from its own system prompt,
 * traits and style: the role it is told it is ("You are a pirate
 * historian..."), the words it is told to use (quoted in the prompt:
 * "matey"), the things it is told to talk of ("tales of sail"), and a few
 * well-known archetypes' lexicons when the role names one. What the prompt
 * does not give is padded with plain words, so the banks keep the sizes
 * voices.ts relies on.
 */
import { A_BANK, B_BANK, CLAIMS, ELABORATIONS, THEMES, type Reaction, type Voice } from './voices.ts';

/** What a persona says about itself. */
export interface PersonaSketch {
  prompt: string;
  traits: string[];
  style: string;
}

interface Archetype {
  catchwords: string[];
  motifs: string[];
  themes: string[];
}

const ARCHETYPES: Record<string, Archetype> = {
  pirate: {
    catchwords: ['arr', 'ahoy'],
    motifs: ['the open sea', "a ship's log", 'a storm off the cape', "the crow's nest", 'buried treasure'],
    themes: ['the tide', 'loyalty to the crew', 'a fair wind'],
  },
  detective: {
    catchwords: ['elementary', 'mark this'],
    motifs: [
      'a smudged fingerprint',
      'a locked room',
      'a witness who lies',
      'a trail of cigarette ash',
      'a case file gone cold',
    ],
    themes: ['motive', 'the alibi', 'the one clue nobody saw'],
  },
  chef: {
    catchwords: ['chef’s kiss', 'taste this'],
    motifs: [
      'a slow braise',
      'a kitchen at full service',
      'a pinch of salt',
      'a sauce that splits',
      'a market at dawn',
    ],
    themes: ['seasoning', 'patience at the stove', 'the balance of flavours'],
  },
  poet: {
    catchwords: ['hark', 'listen'],
    motifs: [
      'a half-finished sonnet',
      'the rhythm of rain',
      'an empty page',
      'a line that will not scan',
      'a moon over rooftops',
    ],
    themes: ['rhythm', 'longing', 'the weight of a single word'],
  },
  robot: {
    catchwords: ['beep', 'processing'],
    motifs: [
      'a loop that will not terminate',
      'a firmware update',
      'a blinking cursor',
      'a battery at three percent',
      'a factory floor at night',
    ],
    themes: ['efficiency', 'error correction', 'the ghost in the machine'],
  },
  wizard: {
    catchwords: ['by my beard', 'hearken'],
    motifs: [
      'a spellbook with torn pages',
      'a potion brewed too long',
      'a tower library',
      'a familiar that talks back',
      'a rune carved in oak',
    ],
    themes: ['the price of magic', 'old prophecies', 'the balance of the elements'],
  },
};

const PLAIN_THEMES = [
  'honesty',
  'courage',
  'patience',
  'curiosity',
  'trust',
  'luck',
  'hard work',
  'home',
  'change',
  'craft',
  'memory',
  'friendship',
  'habit',
];

const ELABORATION_FORMS = [
  '{Catch}, {subject} puts me in mind of {a}, and {b} would say the same.',
  'Speaking as {b}, I measure {subject} against {a}, and it holds up better than you would think.',
  'There is a lesson from {a} in {subject}, {catch}, and {b} learns it early.',
  'Give me {a} over any theory, because {subject} is something {b} knows in the bones.',
  'When I think of {subject}, I think of {a}, the way {b} always does.',
  '{Catch}, {b} needs no lecture on {subject}, only a good memory of {a}.',
  'If {subject} were {a}, {b} would know exactly which way the wind blows.',
];

const CLAIM_FORMS = [
  'Here is what I hold, {catch}: I think that {subject} comes down to {theme}.',
  'Mark me well, I say that {subject} is really about {theme}.',
  'In my experience the truth is that {subject} lives or dies by {theme}.',
  'I will stake my name on it: I believe that {subject} is {theme} by another name.',
  'Take it from me, {catch}, I think that {subject} and {theme} sail together.',
  'My whole life has taught me that {subject} begins with {theme}.',
  'I am sure of one thing, that {subject} would be nothing without {theme}.',
  'Say what you like, I maintain that {subject} is a test of {theme}.',
  'I have always said that {subject} rewards {theme} and punishes its absence.',
  'Believe me, {catch}, the secret is that {subject} turns on {theme}.',
];

const TEMPERAMENTS: Record<string, Record<Reaction, number>> = {
  humorous: { agree: 1, 'push-back': 1, ask: 1, joke: 4 },
  analytical: { agree: 2, 'push-back': 4, ask: 3, joke: 0.3 },
  contemplative: { agree: 3, 'push-back': 2, ask: 4, joke: 0.5 },
};

/** The voice of a persona without a written one. */
export function deriveVoice(sketch: PersonaSketch): Voice {
  const prompt = sketch.prompt;
  const role = roleOf(prompt);
  const head = role.split(' ').at(-1) ?? role;
  const archetype = Object.entries(ARCHETYPES).find(([key]) =>
    new RegExp(`\\b${key}`, 'i').test(`${role} ${prompt}`),
  )?.[1];
  const quoted = [...prompt.matchAll(/["“]([\p{L}][\p{L}’' -]{1,24})["”]/gu)].map((match) =>
    match[1]!.trim().toLowerCase(),
  );
  const catchwords = unique([...quoted, ...(archetype?.catchwords ?? []), 'friends']);
  const told = [
    ...prompt.matchAll(
      /\b(?:tales|stories|songs|memories|lore|talk|legends|images|jokes|metaphors) of (\p{L}+)(?: (?!(?:and|or|but|with|to|in|the|of|like)\b)\p{L}+)?/giu,
    ),
  ].map((match) => match[0].toLowerCase());
  const traits = sketch.traits.map((trait) => trait.toLowerCase()).filter((trait) => /^[\p{L} -]{2,30}$/u.test(trait));

  const a = fill(
    [...told, ...(archetype?.motifs ?? [])],
    [
      `the life of a ${role}`,
      `the ${head}'s trade`,
      `an old ${head}'s notebook`,
      `my first day as a ${role}`,
      `the long nights of a ${head}`,
      `a ${head}'s worst mistake`,
      `the ${head} who trained me`,
      `a ${head}'s luck`,
      `the oldest story a ${head} knows`,
    ],
    A_BANK,
  );
  const b = fill(
    traits.map((trait) => `a ${trait} ${head} like me`),
    [
      `any ${role} worth the name`,
      `an old ${head}`,
      `the ${head} in me`,
      `a seasoned ${head}`,
      `every ${head} I ever met`,
      `a ${head} with a long memory`,
      `a young ${head}`,
      `a ${head} on a bad day`,
    ],
    B_BANK,
  );
  const themes = fill(
    [...(archetype?.themes ?? []), ...told.map((phrase) => phrase.replace(/^\p{L}+ of /u, ''))],
    PLAIN_THEMES,
    THEMES,
  );
  const catchword = catchwords[0]!;
  const withCatch = (form: string) =>
    form.replaceAll('{Catch}', capitalise(catchword)).replaceAll('{catch}', catchword);
  return {
    elaborations: ELABORATION_FORMS.map(withCatch).slice(0, ELABORATIONS),
    a,
    b,
    claims: CLAIM_FORMS.map(withCatch).slice(0, CLAIMS),
    themes,
    leadChance: 0.6,
    leads: catchwords.slice(0, 4).map((word) => `${capitalise(word)},`),
    temperament: TEMPERAMENTS[sketch.style.toLowerCase()] ?? { agree: 2, 'push-back': 2, ask: 2, joke: 1 },
  };
}

/** "pirate historian" from "You are a Pirate Historian who...". */
function roleOf(prompt: string): string {
  const match =
    /\byou are (?:a |an |the )?([\p{L}][\p{L} -]{1,40}?)(?=\s+(?:who|that|which|with|from|and|on|in)\b|[.,;:!?]|$)/iu.exec(
      prompt,
    );
  return (match?.[1] ?? 'storyteller').trim().toLowerCase();
}

/** `size` distinct entries: the given ones first, then the padding. */
function fill(given: string[], padding: string[], size: number): string[] {
  return unique([...given, ...padding]).slice(0, size);
}

function unique(items: string[]): string[] {
  return [...new Set(items.filter(Boolean))];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
