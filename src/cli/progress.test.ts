import { PassThrough } from 'node:stream';
import { progressBar, progressBars, withProgress } from './progress';

/** A stream that says it is a terminal, collecting what is drawn on it. */
function terminal(isTTY: boolean): { stream: PassThrough & { isTTY: boolean; columns: number }; drawn: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  // Read once the work is done: what was written waits in the stream's buffer.
  return { stream, drawn: () => String(stream.read() ?? '') };
}

async function* slices(sizes: number[]): AsyncGenerator<{ entities: number[] }> {
  for (const n of sizes) yield { entities: new Array<number>(n).fill(0) };
}

describe('progressBar', () => {
  it('draws the work done out of the total on a terminal, up to the end', async () => {
    const { stream, drawn } = terminal(true);
    const seen: number[] = [];
    for await (const s of withProgress(slices([1000, 1000, 500]), progressBar('export', 2500, 'entities', stream), (s) => s.entities.length)) seen.push(s.entities.length);
    expect(seen).toEqual([1000, 1000, 500]);
    expect(drawn()).toMatch(/export \[[^\]]+\] 100% 2500\/2500 entities/);
  });

  it('draws nothing where stderr is no terminal (pipes, logs)', async () => {
    const { stream, drawn } = terminal(false);
    for await (const _ of withProgress(slices([3]), progressBar('export', 3, 'entities', stream), (s) => s.entities.length)) void _;
    expect(drawn()).toBe('');
  });
});

describe('progress with a word on the work', () => {
  it('draws the item being worked on after the count', () => {
    const { stream, drawn } = terminal(true);
    const bar = progressBar('ingest', 2, 'documents', stream);
    bar.update(1, 'railway.json');
    bar.stop();
    expect(drawn()).toMatch(/ingest \[[^\]]+\] 50% 1\/2 documents railway\.json/);
  });

  it('draws one bar per stage together, and nothing off a terminal', () => {
    const { stream, drawn } = terminal(true);
    const bars = progressBars(stream);
    bars.bar('sources', 2, '').update(2);
    bars.bar('entities', 10, '').update(4);
    bars.stop();
    const out = drawn();
    expect(out).toMatch(/sources \[[^\]]+\] 100% 2\/2/);
    expect(out).toMatch(/entities \[[^\]]+\] 40% 4\/10/);
    const quiet = terminal(false);
    const none = progressBars(quiet.stream);
    none.bar('sources', 2, '').update(2);
    none.stop();
    expect(quiet.drawn()).toBe('');
  });
});
