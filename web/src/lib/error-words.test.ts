import { describe, expect, it } from 'vitest';
import { issueSentence } from './error-words.ts';

describe('issueSentence: the validator’s words as a person would write them', () => {
  it.each([
    [
      'Too small: expected string to have >=10 characters',
      'your password',
      'Use at least 10 characters for your password.',
    ],
    ['must be at least 10 characters', 'your password', 'Use at least 10 characters for your password.'],
    ['Too big: expected string to have <=120 characters', 'the title', 'Use at most 120 characters for the title.'],
    ['Too small: expected string to have >=1 characters', 'the title', 'Fill in the title.'],
    ['Too small: expected array to have >=2 items', 'personas', 'Choose at least 2 personas.'],
    ['Too big: expected array to have <=6 items', 'personas', 'Choose at most 6 personas.'],
    ['Too big: expected number to be <=2', 'the temperature', 'Use 2 or less for the temperature.'],
    ['Too small: expected number to be >=1', 'max turns', 'Use 1 or more for max turns.'],
    ['Invalid input: expected int, received number', 'max turns', 'Use a whole number for max turns.'],
    ['Invalid email address', 'your email', 'Enter an email address, like ada@example.com.'],
    ['Invalid input: expected string, received undefined', 'the topic', 'Fill in the topic.'],
    [
      'must be 3 to 32 letters, digits, _ or -',
      'your username',
      'Your username must be 3 to 32 letters, digits, _ or -.',
    ],
    ['must name each persona once', 'personas', 'Personas must name each persona once.'],
  ])('%s → %s', (message, name, sentence) => {
    expect(issueSentence(message, name)).toBe(sentence);
  });

  it('never shows the validator’s jargon for a message it knows, and keeps unknown ones as sentences', () => {
    expect(issueSentence('Too small: expected array to have >=2 items')).not.toMatch(/expected|>=|array/);
    expect(issueSentence('something odd')).toBe('Something odd.');
  });
});
