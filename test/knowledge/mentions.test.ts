/**
 * Mention linking: offsets of every name and alias in a text, and the sentence around a mention.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MentionMatcher, sentenceAt, sentencesOf } from '../../src/knowledge/mentions';
import { SEED_DIR } from '../support/engines';

const at = (text: string, needle: string, from = 0) => text.indexOf(needle, from);

describe('finding mentions', () => {
  const matcher = new MentionMatcher([
    { id: 'bushehr-nuclear-power-plant', kind: 'Project', name: 'Bushehr Nuclear Power Plant', aliases: ['Bushehr'] },
    { id: 'rasht-astara-railway', kind: 'Project', name: 'Rasht–Astara railway', aliases: [] },
    { id: 'iran', kind: 'Country', name: 'Iran', aliases: [] },
    { id: 'united-states', kind: 'Country', name: 'United States', aliases: ['US'] },
    { id: 'vladimir-putin', kind: 'Person', name: 'Vladimir Putin', aliases: ['President Putin', 'Putin'] },
    { id: 'memorandum', kind: 'Agreement', name: '$25 billion memorandum', aliases: [] },
  ]);

  test('every name and alias is found, at the offset where it starts', () => {
    const text = 'Units at the Bushehr Nuclear Power Plant are late. Work at Bushehr continues.';
    expect(matcher.offsets(text).get('bushehr-nuclear-power-plant')).toEqual([at(text, 'Bushehr Nuclear'), at(text, 'Bushehr continues')]);
  });

  test('dashes, case and typographic apostrophes do not hide a name, and a possessive counts', () => {
    const text = 'The RASHT-ASTARA Railway runs in Iran’s north; Iran\'s plan and the Rasht — Astara railway.';
    const found = matcher.offsets(text);
    expect(found.get('rasht-astara-railway')).toEqual([at(text, 'RASHT'), at(text, 'Rasht —')]);
    expect(found.get('iran')).toEqual([at(text, 'Iran’s'), at(text, "Iran's")]);
  });

  test('a name inside a longer word is not a mention', () => {
    expect(matcher.offsets('Iranian officials and Iranians').get('iran')).toBeUndefined();
  });

  test('a short alias counts only as the acronym, written as such', () => {
    const text = 'Let us see what the US says.';
    expect(matcher.offsets(text).get('united-states')).toEqual([at(text, 'US')]);
  });

  test('a surname inside the full name is one mention, not two', () => {
    const text = 'Vladimir Putin spoke. Later Putin left; President Putin returned.';
    expect(matcher.offsets(text).get('vladimir-putin')).toEqual([0, at(text, 'Putin left'), at(text, 'Putin returned')]);
  });

  test('a name that starts with a symbol is found from the symbol', () => {
    const text = 'they signed a $25 billion memorandum';
    expect(matcher.offsets(text).get('memorandum')).toEqual([at(text, '$25')]);
  });
});

describe('sentences', () => {
  test('a headline without a full stop is a sentence of its own', () => {
    const text = "Iran's Envoy to Moscow Highlights Ties\n\nSpeaking during an interview, Jalali discussed ties. He said more.";
    expect(sentencesOf(text).map((s) => s.text)).toEqual([
      "Iran's Envoy to Moscow Highlights Ties",
      'Speaking during an interview, Jalali discussed ties.',
      'He said more.',
    ]);
  });

  test('the sentence around each Bushehr mention of the interview', () => {
    const text = fs.readFileSync(path.join(SEED_DIR, 'iran-russia-envoy-interview.txt'), 'utf8');
    const matcher = new MentionMatcher([{ id: 'b', kind: 'Project', name: 'Bushehr Nuclear Power Plant', aliases: ['Bushehr'] }]);
    const sentences = matcher.offsets(text).get('b')!.map((o) => sentenceAt(text, o)!);
    expect(sentences).toHaveLength(2);
    expect(sentences[0]!.text).toMatch(/^On nuclear energy, he said additional units at the Bushehr Nuclear Power Plant.*addressed\.$/);
    expect(sentences[1]!.text).toMatch(/Russia has not withdrawn its personnel from Bushehr/);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  test('an offset outside the text has no sentence', () => {
    expect(sentenceAt('One. Two.', 50)).toBeNull();
  });
});
