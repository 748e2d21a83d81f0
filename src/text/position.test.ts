import { positionOf } from './position';

test('the first character is line 1, column 1', () => {
  expect(positionOf('MATCH (n)', 0)).toEqual({ line: 1, column: 1 });
});

test('columns restart after each newline, and count the characters before the offset', () => {
  const text = 'MATCH (n)\nRETRUN n\n';
  expect(positionOf(text, text.indexOf('RETRUN'))).toEqual({ line: 2, column: 1 });
  expect(positionOf(text, text.indexOf('n', 12))).toEqual({ line: 2, column: 8 });
  expect(positionOf(text, text.length)).toEqual({ line: 3, column: 1 });
});
