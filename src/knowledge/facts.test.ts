/** The facts document's source metadata rules: real publication dates at day, month or year precision, web addresses. */
import { factsDocumentSchema, isPublicationDate } from './facts';

describe('isPublicationDate', () => {
  test.each(['2023-05-17', '2023-05', '2023', '2024-02-29', '2023-12-31', '2023-05-17T10:00:00Z', '2023-05-17T09:30+03:30', '2023-12-31T23:59:59.5-05:00'])('%s is a publication date', (d) => expect(isPublicationDate(d)).toBe(true));
  test.each(['2023-02-29', '2023-02-30', '2023-13', '2023-00', '2023-04-31', '2023-05-00', '23-05-17', '2023/05/17', '2023-5-17', '17 May 2023', '2023-05-17T10:00:00', '2023-05-17T24:00:00Z', '2023-05-17T10:60Z', '2023-02-30T10:00:00Z', '2023-05T10:00Z', '2023-05-17T10:00:00+15:00', ''])(
    '%s is refused',
    (d) => expect(isPublicationDate(d)).toBe(false),
  );
});

describe('source metadata in a facts document', () => {
  const doc = (source: Record<string, unknown>) => ({ source: { id: 's', title: 'T', text: 'x', ...source } });
  const problems = (source: Record<string, unknown>) => {
    const r = factsDocumentSchema.safeParse(doc(source));
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  test('url, publisher and published are optional and kept as given', () => {
    const r = factsDocumentSchema.parse(doc({ url: 'https://example.org/a?b=1', publisher: 'Tehran Times', published: '2023-05' }));
    expect(r.source).toMatchObject({ url: 'https://example.org/a?b=1', publisher: 'Tehran Times', published: '2023-05' });
    expect(problems({})).toEqual([]);
  });

  test('each bad value is refused naming its field', () => {
    expect(problems({ published: '2023-02-30' })).toEqual([expect.stringMatching(/^source\.published: must be a real ISO date/)]);
    expect(problems({ url: 'javascript:alert(1)' })).toEqual([expect.stringMatching(/^source\.url: must be a web address/)]);
    expect(problems({ url: 'example.org' })).toEqual([expect.stringMatching(/^source\.url: /)]);
    expect(problems({ publisher: '  ' })).toEqual([expect.stringMatching(/^source\.publisher: must not be empty/)]);
  });
});
