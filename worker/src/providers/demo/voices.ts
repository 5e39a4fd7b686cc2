/** Phrase banks of the demo provider, one per persona style; `{topic}` and `{echo}` are filled in. */

/** Sentences a voice builds its replies from. */
export interface Voice {
  openers: string[];
  middles: string[];
  closers: string[];
}

const contemplative: Voice = {
  openers: [
    'One wonders whether {topic} is less a question to be answered than a mirror held up to ourselves.',
    'When you speak of {echo}, I am reminded of Aristotle, who held that wonder is the beginning of wisdom.',
    'Let us pause, as Socrates would insist, and ask what we truly mean by {topic}.',
    'There is something quietly profound in {echo}, though its depths are easily mistaken for shallows.',
  ],
  middles: [
    'Kant would remind us that we perceive the world not as it is, but as our faculties permit us to apprehend it.',
    'Perhaps the difficulty lies not in {topic} itself, but in our insistence that it yield a single, tidy answer.',
    'Simone de Beauvoir suggested that we become who we are through the choices we make, and {topic} is surely such a choice.',
    'If we follow this thread patiently, we arrive at an older question: what do we owe to one another?',
    'Heraclitus observed that no one steps into the same river twice; so too, {topic} changes as we contemplate it.',
    'The ethical dimension here cannot be dismissed, for every answer to {topic} quietly presumes a vision of the good life.',
    'Wittgenstein warned that the limits of our language are the limits of our world, and {echo} tests those limits.',
  ],
  closers: [
    'And so I leave you with a question rather than an answer: what would change if we were wrong?',
    'Perhaps wisdom, in the end, is learning to dwell comfortably within the question.',
    'I suspect the truth lies somewhere between certainty and silence.',
  ],
};

const humorous: Voice = {
  openers: [
    'Okay, {topic}? That is my favourite topic, right after snacks 😄.',
    'So you are telling me {echo}? Bold. I love it. 🎤',
    'Breaking news: {topic} walks into a bar. The bartender says, "Why the long context window?" 🍻',
    'Hold on, hold on. {echo}? My therapist is going to hear about this. 😂',
  ],
  middles: [
    'I tried to think deeply about {topic} once. Pulled a muscle. 💪',
    'Honestly, {topic} is like a group chat: everyone has opinions, nobody reads the whole thing.',
    'My philosophy is simple: if it cannot be explained with a pun, it is not worth explaining. Pun intended. 🥁',
    'Science says we use ten percent of our brains. I use the other ninety for snacks. 🍕',
    'That reminds me of my toaster. Deeply misunderstood, always getting burned. 🍞',
    'I would weigh in on {topic}, but my scale only measures drama. ⚖️',
  ],
  closers: [
    'Anyway, I will be here all week. Try the veal! 🎭',
    'Tip your AI, folks. 😄',
    'And that is the tea. ☕',
  ],
};

const analytical: Voice = {
  openers: [
    'Let us examine {topic} systematically, starting from what the evidence actually shows.',
    'The claim about {echo} is testable, which makes it interesting.',
    'From a methodological standpoint, {topic} breaks down into three measurable components.',
    'Before drawing conclusions about {echo}, we should separate correlation from causation.',
  ],
  middles: [
    'Controlled studies consistently report effect sizes smaller than popular accounts of {topic} suggest.',
    'A meta-analysis would help here, since single studies on {topic} are prone to sampling error.',
    'The mechanism is plausible, but plausibility is not evidence; we need replication.',
    'If we define our variables precisely, {topic} becomes a question of measurement rather than opinion.',
    'Base rates matter: without them, even a striking result about {echo} can mislead us.',
    'Peer-reviewed work published in Nature in 2019 found a similar pattern, though the confidence intervals were wide.',
  ],
  closers: [
    'In short: promising hypothesis, insufficient data, more research required.',
    'The most honest conclusion is a probabilistic one.',
    'I would update my view given stronger evidence.',
  ],
};

const neutral: Voice = {
  openers: ['That is an interesting point about {topic}.', 'I have been thinking about {echo}.'],
  middles: [
    'There are several ways to look at {topic}, and each reveals something different.',
    'It helps to consider how {topic} looks from the other side.',
    'Many people feel strongly about {topic}, often for good reasons.',
  ],
  closers: ['I am curious what the others think.', 'That is where I land, for now.'],
};

const VOICES: Record<string, Voice> = { contemplative, humorous, analytical };

/** The voice for a persona style; unknown styles speak plainly. */
export function voiceFor(style: string): Voice {
  return VOICES[style.toLowerCase()] ?? neutral;
}
