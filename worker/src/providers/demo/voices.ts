/**
 * The demo provider's voices: what each persona brings to the shared moves
 * (moves.ts). A voice is a lexicon (two banks `a` and `b` its own sentences
 * combine, themes it hears under any topic, lead-ins), sentences of its own
 * (elaborations, claims) and a temperament: how it tends to answer the
 * previous speaker. The three seed personas have written voices; any other
 * persona gets one derived from its own system prompt, traits and style.
 *
 * Bank sizes are chosen coprime (elaborations 7, `a` 9, `b` 8; claims 10,
 * themes 11) so that stepping one index through them visits every
 * combination once before any repeats (the Chinese remainder theorem): that
 * is how a voice never says the same sentence twice within a show (moves.ts).
 */

/** How a voice answers the previous speaker. */
export type Reaction = 'agree' | 'push-back' | 'ask' | 'joke';

/** One persona's way of speaking. */
export interface Voice {
  /** 7 sentences with `{a}`, `{b}` and `{subject}`. */
  elaborations: string[];
  /** 9 entries. */
  a: string[];
  /** 8 entries. */
  b: string[];
  /** 10 sentences stating a view with `{subject}` and `{theme}`; each says "that", so the next speaker can quote it. */
  claims: string[];
  /** 11 things the voice hears under any topic. */
  themes: string[];
  /** Short openings put before a sentence now and then ("Okay,", "Matey,"). */
  leads: string[];
  /** How often a lead-in opens the topic and claim sentences, 0..1. */
  leadChance: number;
  /** Weights of each reaction to the previous speaker. */
  temperament: Record<Reaction, number>;
}

export const ELABORATIONS = 7;
export const A_BANK = 9;
export const B_BANK = 8;
export const CLAIMS = 10;
export const THEMES = 11;

const philosopher: Voice = {
  elaborations: [
    'I keep returning to {a}, because {subject} looks to me like {b}.',
    'Think of {b}: that, I suspect, is what {subject} has always been, and {a} would not be surprised.',
    'If we take {a} seriously, then {subject} is less a problem to solve than {b}.',
    'There is an old temptation to treat {subject} as settled, yet {a} reminds us that it behaves more like {b}.',
    'We might picture {subject} as {b}, and then ask, in the spirit of {a}, who is doing the looking.',
    'What strikes me, rereading {a}, is how readily {subject} turns into {b} once we stop hurrying.',
    'Perhaps the deepest thing about {subject} is that it resembles {b}, which is precisely what {a} asks us to notice.',
  ],
  a: [
    "Aristotle's claim that wonder is where philosophy begins",
    "Hume's doubt that habit can ever prove a cause",
    "Beauvoir's insistence that we become who we are by choosing",
    'Heraclitus and his river that is never the same twice',
    "Kant's three questions about knowing, doing and hoping",
    "Arendt's warning that thoughtlessness does more harm than malice",
    'Confucius and his rule that reform begins with naming things rightly',
    "Spinoza's idea that freedom is understanding what moves us",
    "Iris Murdoch's notion of attention as the heart of the moral life",
  ],
  b: [
    'a lamp carried into a dark library',
    'a ship rebuilt plank by plank at sea',
    'a conversation that outlives the people in it',
    'a map that slowly becomes the territory',
    'a garden tended by strangers',
    'a question that answers by asking back',
    'an old city whose streets remember footsteps',
    'a mirror that shows the one looking rather than the room',
  ],
  claims: [
    'My view, for what it is worth, is that {subject} is finally a question of {theme}.',
    'I suspect that {subject} cannot be separated from {theme}, however hard we try.',
    'So let me say it plainly: I think that {subject} teaches us {theme}, slowly and against our will.',
    'I am convinced that {subject} begins and ends in {theme}.',
    'I would say that {subject} is a mirror held up to {theme}.',
    'I maintain that {subject} asks more of {theme} than we are ready to give.',
    'My claim is that {subject} only makes sense in the light of {theme}.',
    'I have come to believe that {subject} is {theme} seen from the inside.',
    'It seems to me that {subject} is where {theme} stops being abstract.',
    'I hold that {subject} is a rehearsal for {theme}, nothing less.',
  ],
  themes: [
    'freedom',
    'attention',
    'the good life',
    'what we owe one another',
    'the limits of knowledge',
    'time and change',
    'identity',
    'courage',
    'justice',
    'wonder',
    'responsibility',
  ],
  leadChance: 0.3,
  leads: ['And yet,', 'Indeed,', 'Consider this:', 'Still,', 'Gently, then:'],
  temperament: { agree: 3, 'push-back': 2, ask: 4, joke: 0.5 },
};

const comedian: Voice = {
  elaborations: [
    'Honestly, {subject} is {a}, and I say that as someone who {b} 😄.',
    'Picture {a} 🎤, that is {subject} on a Monday, and trust me, I know, because I {b}.',
    'My therapist says {subject} is {a}, and my therapist also {b}, so, grain of salt 🧂.',
    'If {subject} were a person, it would be {a}, and it would still judge me because I {b} 🙃.',
    'I did the research on {subject}, by which I mean I {b}, and my conclusion is {a} 📚.',
    'I explained {subject} to my aunt, she called it {a}, which is rich from a woman who {b} 😂.',
    'Deep down, {subject} is just {a} wearing a trench coat, and I would know, I {b} 🕵️.',
  ],
  a: [
    'a group chat nobody reads to the end',
    'a toaster with ambitions',
    'a gym membership in February',
    'a cat knocking things off a table on principle',
    'a sequel nobody asked for',
    'a satnav that says recalculating with attitude',
    'a houseplant that needs therapy',
    'an escalator pretending to be stairs',
    'a password that wants one more special character',
  ],
  b: [
    'once lost an argument to a vending machine',
    'still clap when the plane lands',
    'read the terms and conditions for fun',
    'named my Wi-Fi after my ex',
    'threw a birthday party for a goldfish',
    'have been on hold since Tuesday',
    'laugh at my own jokes before the punchline',
    'alphabetised my snacks during a crisis',
  ],
  claims: [
    'Here is my take: I think that {subject} is secretly about {theme} 🍕.',
    'I am telling you, the truth is that {subject} runs on {theme}.',
    'Mark my words, I bet that {subject} was invented by {theme}.',
    'My official position is that {subject} is {theme} with better marketing 😎.',
    'I will die on this hill: I say that {subject} and {theme} are the same thing.',
    'Scientists hate this, but I think that {subject} is ninety percent {theme}.',
    'Put it on my gravestone, I believe that {subject} is just {theme} in disguise.',
    'Hot take 🔥, I reckon that {subject} would collapse without {theme}.',
    'I have said it before, I think that {subject} peaked with {theme}.',
    'Lawyers told me not to, but I maintain that {subject} is sponsored by {theme}.',
  ],
  themes: [
    'snacks',
    'awkward silences',
    'Monday mornings',
    'group chats',
    'bad first dates',
    'airport security',
    'the family dinner',
    'the office printer',
    'self-checkout machines',
    'reply-all emails',
    'the last slice of pizza',
  ],
  leadChance: 0.3,
  leads: ['Okay,', 'Real talk,', 'Look,', 'Folks,', 'Right, so,'],
  temperament: { agree: 1, 'push-back': 1, ask: 1, joke: 5 },
};

const scientist: Voice = {
  elaborations: [
    'The way to test {subject} is {a}, ideally one that controls for {b}.',
    'Before we believe anything about {subject}, I would want {a}, because {b} explains a surprising number of headlines.',
    'The usual error with {subject} is ignoring {b}, which is why {a} beats any anecdote.',
    'In 2015 a large replication project confirmed only 36 of 100 published psychology findings, so {subject} deserves {a} and a hard look at {b}.',
    'My hypothesis is that {subject} would show a modest effect under {a}, once {b} is accounted for.',
    'If I designed {a} on {subject} tomorrow, the first thing I would measure is {b}.',
    'Evidence on {subject} is only as good as its weakest link, usually {b}, which {a} is built to expose.',
  ],
  a: [
    'a pre-registered trial',
    'a simple randomised experiment',
    'a meta-analysis of the existing studies',
    'a longitudinal cohort study',
    'a blinded replication',
    'a dose-response curve',
    'a natural experiment',
    'a well-powered survey with a control group',
    'a falsifiable prediction written down in advance',
  ],
  b: [
    'selection bias',
    'small samples',
    'regression to the mean',
    'publication bias',
    'confounding variables',
    'measurement error',
    'the base rate',
    'p-hacking',
  ],
  claims: [
    'On the evidence so far, I think that {subject} depends mostly on {theme}.',
    'My working hypothesis is that {subject} is driven by {theme}.',
    'The data suggest that {subject} tracks {theme} more closely than intuition predicts.',
    'I would bet that {subject} varies with {theme}, and I would like to measure it.',
    'The most parsimonious explanation is that {subject} reduces to {theme}.',
    'I am fairly confident that {subject} is constrained by {theme}.',
    'What the studies show, roughly, is that {subject} scales with {theme}.',
    'I would argue that {subject} is a problem of {theme} before it is anything else.',
    'My reading of the literature is that {subject} follows {theme}, within wide error bars.',
    'I suspect that {subject} is two percent insight and ninety-eight percent {theme}.',
  ],
  themes: [
    'sample size',
    'feedback loops',
    'energy budgets',
    'incentives',
    'attention spans',
    'noise in the measurements',
    'the choice of control group',
    'evolutionary pressure',
    'habit formation',
    'signal versus noise',
    'the size of the error bars',
  ],
  leadChance: 0.3,
  leads: ['Strictly speaking,', 'Empirically,', 'To be precise,', 'For the record,', 'Methodologically,'],
  temperament: { agree: 2, 'push-back': 4, ask: 3, joke: 0.3 },
};

/** The written voices of the seed personas, by style. */
export const SEED_VOICES: Readonly<Record<string, Voice>> = {
  contemplative: philosopher,
  humorous: comedian,
  analytical: scientist,
};

/** The seed role each written voice belongs to, as its system prompt names it. */
export const SEED_ROLES: Readonly<Record<string, string>> = {
  contemplative: 'philosopher',
  humorous: 'comedian',
  analytical: 'scientist',
};
