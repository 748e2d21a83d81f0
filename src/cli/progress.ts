/**
 * Progress of long command-line work: a cli-progress bar on stderr when stderr is a terminal, nothing otherwise,
 * so pipes, logs and tests see only a command's closing line. The one home of the bars the commands draw.
 */
import { Presets, SingleBar } from 'cli-progress';

/** A running bar: advance it as work is done, stop it before printing anything else. */
export interface Progress {
  advance(by: number): void;
  stop(): void;
}

/** Starts a bar `label [████░░] 40% 4000/10000 unit` on `stream` (stderr); a no-op when it is no terminal. */
export function progressBar(label: string, total: number, unit: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return { advance: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { stream: stream as NodeJS.WriteStream, format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}`, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    advance: (by) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

/** Passes `items` through, advancing `progress` by what `size` says each one holds; stops the bar at the end. */
export async function* withProgress<T>(items: AsyncIterable<T>, progress: Progress, size: (item: T) => number): AsyncGenerator<T> {
  try {
    for await (const item of items) {
      yield item;
      progress.advance(size(item));
    }
  } finally {
    progress.stop();
  }
}
