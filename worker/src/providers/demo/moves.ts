/**
 * The demo provider's improv: a reply is a sequence of conversational moves,
 * each a sentence built from a template and slots (scene.ts gives the
 * situation, voices.ts the speaker's lexicon):
 *   open the show | answer the viewer by name and in their words | answer the
 *   previous speaker (agree, push back, ask, joke about what they claimed) |
 *   take up the Moderator's nudge | bring the topic back | elaborate in the
 *   voice's own terms | state a claim the next speaker can pick up | hand over
 *   to whoever has been quiet longest, or close the show.
 *
 * Memory: every choice steps through its banks by the room's turn number
 * (the request's seed), so the combinations of one voice do not come round
 * again for more than a hundred turns (voices.ts); a sentence that is in the
 * prompt anyway is replaced by the next combination.
 */
import { sentenceKey } from '../transcript.ts';
import type { Scene } from './scene.ts';
import type { Reaction } from './voices.ts';

const OPENINGS = [
  'Good evening, everyone, and welcome: tonight {self} gets to think out loud about {topic}, which sounds small and is not.',
  'Here we are again, and the subject tonight is {topic}, so let me start with {theme}.',
  'Welcome to the show, where {topic} is on the table and {theme} is, I suspect, underneath it.',
  'Let me open with a confession: {topic} has been on my mind all week, mostly because of {theme}.',
  'A warm welcome to everyone watching, because {topic} deserves an audience and {theme} deserves a hearing.',
];

const REACTIONS: Record<Reaction, string[]> = {
  agree: [
    '{Prev}, you said {claim}, and I am with you on that, up to a point.',
    'I like what {prev} just said, that {claim}, and I want to push it further.',
    '{prev} is onto something with {claim}.',
    'Yes, {Prev}, {claim}, and that is exactly the part people skip.',
    "Let me build on {prev}'s point that {claim}.",
    '{Prev}, when you say {claim}, you hand the rest of us a gift.',
    'Agreed, {Prev}, {claim}, and I would say it louder.',
  ],
  'push-back': [
    '{Prev}, you claim {claim}, and I am not convinced.',
    'With respect to {prev}, the idea that {claim} needs a second look.',
    'Hold on, {Prev}, {claim} is too quick by half.',
    'I have to disagree with {prev} here, because {claim} leaves out half the story.',
    '{Prev}, I would turn {claim} on its head.',
    'Respectfully, {Prev}, {claim} sounds tidy, but tidy is not the same as true.',
    'That is where {prev} and I part ways, since {claim} assumes what it needs to prove.',
  ],
  ask: [
    '{Prev}, when you say {claim}, what would change your mind?',
    'I want to ask {prev} something about {claim}: who does it leave out?',
    '{Prev}, is {claim} true everywhere, or only where you have looked?',
    'So, {Prev}, if {claim}, what follows for the rest of us?',
    'Honest question for {prev}: how would we know that {claim} is wrong?',
    '{Prev}, where did {claim} come from, a hunch or a hard lesson?',
    'Can I press you on {claim}, {Prev}, just a little?',
  ],
  joke: [
    '{prev} says {claim}, which is also what my horoscope said last week.',
    '{Prev}, {claim} is the most confident thing I have heard since my cat met a cucumber.',
    'I wrote down {claim}, {Prev}, and now I have to get it tattooed.',
    '{prev} just said {claim} with a straight face, and I respect that enormously.',
    'Breaking news from {prev}: {claim}, more at eleven.',
    '{Prev}, if {claim}, then my fridge owes me an apology.',
    'I love that {prev} thinks {claim}, and I love that nobody stopped them.',
  ],
};

const VIEWER_ANSWERS = [
  '{viewer}, you {verb} {words}, and that deserves a straight answer.',
  'Thank you, {viewer}, for saying {words}, because it goes straight to the heart of {topic}.',
  'Let me take up what {viewer} just said, {words}, before anyone else gets the chance.',
  '{viewer}, about {words}: here is my honest answer.',
  'Our viewer {viewer} puts it as {words}, and I want to answer that properly.',
  'You have given us something real, {viewer}, with {words}, so let me answer it.',
  'To {viewer}, who wrote {words}: I heard you, and here is where I stand.',
];

const NUDGE_ANSWERS = [
  'The Moderator wants {angle}, so let me take that up right now.',
  'Taking the Moderator at their word, {angle}, and here is mine.',
  'Fair nudge from the Moderator, {angle}, so let me go there.',
  'The Moderator asks for {angle}, and I am glad, because it changes everything about {topic}.',
  'Following the Moderator into {angle}, I find something new in {topic}.',
  'On the Moderator’s cue, {angle}, I will leave my comfort zone.',
  'Since the Moderator asked for {angle}, let me try exactly that.',
];

const TOPIC_RETURNS = [
  'But let us bring it back to {topic}, which I think is really about {theme}.',
  'Which brings us home to {topic}, and to {theme}.',
  'And this is why {topic} matters, because it quietly turns on {theme}.',
  'Under all of this, {topic} is a story about {theme}.',
  'Let me tie it to {topic}, since {theme} is where the two meet.',
  'Keep {topic} in view, because {theme} is hiding inside it.',
  'Back to {topic} for a moment, and to the question of {theme}.',
  'For me, {topic} always comes down to {theme}.',
  'None of this makes sense of {topic} without {theme}.',
  'So much of {topic} hangs on {theme}, more than we admit.',
  'The heart of {topic}, to my mind, is {theme}.',
  'If you want the short version of {topic}, it is {theme}.',
  'Here {topic} and {theme} turn out to be the same conversation.',
];

const HAND_OFFS = [
  '{Next}, where does {theme} fit in for you?',
  'I would love to hear {next} on {theme}.',
  '{Next}, you have been quiet, so what does {theme} look like from where you sit?',
  'Over to you, {Next}, and do not spare me on {theme}.',
  '{Next}, tell me I am wrong about {theme}.',
  'What do you make of {theme}, {Next}?',
  '{Next}, I suspect you see {theme} differently, so go on.',
  'Your turn, {Next}, and I am curious what {theme} means to you.',
  '{Next}, does {theme} change anything for you?',
  'Let {next} have the floor on {theme}.',
];

const CLOSINGS = [
  'And so I leave {topic} where it belongs, with all of you, and with {theme}.',
  'That is my last word on {topic} tonight: {theme}, always {theme}.',
  'Thank you for listening, and may {topic} keep you up in the best way, thinking about {theme}.',
  'We did not settle {topic}, and I think that is the point, so here is to {theme}.',
  'Goodnight from me, with one thought to take home, that {topic} is never far from {theme}.',
  'If you remember one thing about {topic}, let it be {theme}.',
  'I will close with gratitude, for {topic}, for {theme}, and for every one of you.',
];

const COMMON_STARTS = new Set([
  'But',
  'Which',
  'And',
  'Under',
  'Let',
  'Keep',
  'Back',
  'For',
  'None',
  'So',
  'The',
  'If',
  'Here',
  'My',
  'On',
  'It',
  'What',
  'Mark',
  'Put',
  'Hot',
  'Take',
  'Say',
  'Believe',
  'In',
]);

/** Improvises a reply to the scene; `turn` is the request's seed (the room's turn number), `random` picks the reaction and the length. */
export function improvise(scene: Scene, turn: number, random: () => number): string {
  const { voice } = scene;
  const step = turn + salt(scene.topic);
  const said: string[] = [];
  const slots: Record<string, string> = {
    self: reference(scene.self),
    topic: scene.topic,
    subject: scene.subject,
    Prev: scene.previous ? vocative(scene.previous.name) : '',
    prev: scene.previous ? reference(scene.previous.name) : '',
    claim: scene.previous ? `“${scene.previous.claim}”` : '',
    viewer: scene.viewer?.name ?? '',
    words: scene.viewer ? `“${scene.viewer.words}”` : '',
    verb: scene.viewer?.question ? 'ask' : 'say',
    angle: scene.nudge ?? '',
    Next: scene.handOffTo ? vocative(scene.handOffTo) : '',
    next: scene.handOffTo ? reference(scene.handOffTo) : '',
  };
  /** Adds the first sentence, at `index` and then further combinations, that is in neither the prompt nor this reply. */
  const say = (make: (index: number) => string, index: number, lead = false) => {
    for (let attempt = 0; attempt < 8; attempt++) {
      let sentence = capitalise(make(index + attempt * 131));
      if (lead && random() < voice.leadChance) sentence = `${nth(voice.leads, index)} ${uncapitalise(sentence)}`;
      const key = sentenceKey(sentence);
      if (!scene.memory.has(key) && !said.some((other) => sentenceKey(other) === key)) {
        said.push(sentence);
        return;
      }
    }
  };
  const template =
    (bank: string[], extra: Record<string, string> = {}) =>
    (index: number) =>
      fill(nth(bank, index), { ...slots, ...extra });
  const theme = (index: number) => nth(voice.themes, index);
  const count = () => said.reduce((sum, sentence) => sum + sentence.split(/\s+/).length, 0);

  if (scene.opening && !scene.closing) say((index) => template(OPENINGS, { theme: theme(index + 2) })(index), step);
  if (scene.viewer) say(template(VIEWER_ANSWERS), step);
  if (scene.previous && !(scene.viewer && scene.closing))
    say(template(REACTIONS[reaction(voice.temperament, random)]), step);
  if (scene.nudge) say(template(NUDGE_ANSWERS), step);
  if (scene.closing) {
    say((index) => template(CLOSINGS, { theme: theme(index + 8) })(index), step);
    return said.join(' ');
  }
  if (!scene.opening) say((index) => template(TOPIC_RETURNS, { theme: theme(index + 3) })(index), step, true);

  const target = Math.max(12, Math.round(scene.targetWords * (0.85 + random() * 0.3)));
  const reserve = 28;
  for (let occurrence = 0; occurrence < 4 && (occurrence === 0 || count() + reserve < target); occurrence++) {
    const index = step * 4 + occurrence;
    say((at) => fill(nth(voice.elaborations, at), { ...slots, a: nth(voice.a, at), b: nth(voice.b, at) }), index);
  }
  say((index) => template(voice.claims, { theme: theme(index) })(index), step, true);
  if (scene.handOffTo) say((index) => template(HAND_OFFS, { theme: theme(index + 6) })(index), step);
  return said.join(' ');
}

/** The reaction to the previous speaker, drawn by the voice's temperament. */
function reaction(temperament: Record<Reaction, number>, random: () => number): Reaction {
  const entries = Object.entries(temperament) as [Reaction, number][];
  let point = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [name, weight] of entries) {
    point -= weight;
    if (point < 0) return name;
  }
  return entries.at(-1)![0];
}

/** Entry `index` of a bank, wrapping round. */
function nth<T>(bank: readonly T[], index: number): T {
  return bank[((index % bank.length) + bank.length) % bank.length]!;
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole);
}

/** "The Philosopher" → "Philosopher", to address them. */
function vocative(name: string): string {
  return name.replace(/^the\s+/i, '');
}

/** "The Philosopher" → "the Philosopher", to speak of them. */
function reference(name: string): string {
  return name.replace(/^The\s+/, 'the ');
}

/** A number per topic, so that two rooms on the same turn do not start at the same combination. */
function salt(topic: string): number {
  let value = 0;
  for (const char of topic) value = (value * 31 + char.charCodeAt(0)) % 1009;
  return value;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lowercases a sentence's first letter after a lead-in when it starts with a common word, not with "I" or a name. */
function uncapitalise(text: string): string {
  const first = text.split(' ')[0] ?? '';
  return COMMON_STARTS.has(first) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
