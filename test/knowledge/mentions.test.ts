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

describe('the longest name wins, variants count', () => {
  const matcher = new MentionMatcher([
    { id: 'energy', kind: 'Sector', name: 'Energy', aliases: [] },
    { id: 'aeoi', kind: 'Organization', name: 'Atomic Energy Organization', aliases: ['AEOI'] },
    { id: 'iran', kind: 'Country', name: 'Iran', aliases: [] },
    { id: 'rasht', kind: 'Place', name: 'Rasht', aliases: [] },
    { id: 'rasht-astara-railway', kind: 'Project', name: 'Rasht–Astara railway', aliases: [] },
    { id: 'alexey-likhachev', kind: 'Person', name: 'Alexey Likhachev', aliases: [] },
    { id: 'jalali', kind: 'Person', name: 'Kazem Jalali', aliases: ['Jalali'] },
  ]);

  test('"Energy" inside "Atomic Energy Organization" names the organisation, not the sector; alone it names the sector', () => {
    const text = 'The Atomic Energy Organization of Iran met. Energy ties grew.';
    const found = matcher.offsets(text);
    expect(found.get('aeoi')).toEqual([at(text, 'Atomic')]);
    expect(found.get('energy')).toEqual([at(text, 'Energy ties')]);
    expect(found.get('iran')).toEqual([at(text, 'Iran')]);
  });

  test('a place inside a project name is not a mention of the place', () => {
    const text = 'The Rasht–Astara railway starts near Rasht.';
    const found = matcher.offsets(text);
    expect(found.get('rasht-astara-railway')).toEqual([at(text, 'Rasht–Astara')]);
    expect(found.get('rasht')).toEqual([at(text, 'Rasht.')]);
  });

  test('known entities are found in variant spellings and other scripts', () => {
    const text = 'Alexei Likhachov spoke; Алексей Лихачёв later said more. Djalali agreed.';
    const found = matcher.offsets(text);
    expect(found.get('alexey-likhachev')).toEqual([at(text, 'Alexei'), at(text, 'Алексей')]);
    expect(found.get('jalali')).toEqual([at(text, 'Djalali')]);
  });

  test('short names are not matched loosely: Iraq is not Iran', () => {
    expect(matcher.offsets('Iraq and Iran').get('iran')).toEqual([at('Iraq and Iran', 'Iran')]);
  });

  test('a name as written wins over a variant of another entity', () => {
    const both = new MentionMatcher([
      { id: 'alexey-likhachev', kind: 'Person', name: 'Alexey Likhachev', aliases: [] },
      { id: 'alexei-likhachov', kind: 'Person', name: 'Alexei Likhachov', aliases: [] },
    ]);
    expect([...both.offsets('Alexei Likhachov spoke.')]).toEqual([['alexei-likhachov', [0]]]);
  });

  test('two entities named by the same words are both mentioned', () => {
    const twins = new MentionMatcher([
      { id: 'a', kind: 'Person', name: 'Ali Rezaei', aliases: [] },
      { id: 'b', kind: 'Person', name: 'Ali Rezaei', aliases: [] },
    ]);
    expect([...twins.offsets('Ali Rezaei came.')]).toEqual([
      ['a', [0]],
      ['b', [0]],
    ]);
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
