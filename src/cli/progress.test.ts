import { PassThrough } from 'node:stream';
import { progressBar, withProgress } from './progress';

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
