import { decodeCursor, encodeCursor } from './cursor';

test('a cursor brings back the key it was made from, whatever characters the key holds', () => {
  for (const key of ['OUT|ENVOY_OF|iran', 'IN|MET_WITH|vladimir-putin', 'é|ü|😀', 'a'.repeat(500), '|||']) {
    expect(decodeCursor(encodeCursor(key))).toBe(key);
  }
});

test('no cursor means the first page', () => {
  expect(decodeCursor(undefined)).toBeUndefined();
  expect(decodeCursor(null)).toBeUndefined();
});

test('a cursor this service did not write is refused as BAD_USER_INPUT on `after`', () => {
  for (const bad of ['', 'not base64!', 'T1VU=', `${encodeCursor('OUT|X|y')}=`]) {
    expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'after' } }));
  }
});
