/**
 * Progress of long command-line work: cli-progress bars on stderr when stderr is a terminal, nothing otherwise,
 * so pipes, logs and tests see only a command's own lines. The one home of the bars the commands draw.
 */
import { MultiBar, Presets, SingleBar } from 'cli-progress';

/** A running bar: advance it or set how much is done (with a word on what is being done), stop it before printing anything else. */
export interface Progress {
  advance(by: number): void;
  update(done: number, detail?: string): void;
  stop(): void;
}

/** Several bars drawn together, one per stage of the work (`kg copy`'s sources, entities, relationships …). */
export interface ProgressBars {
  bar(label: string, total: number, unit: string): Progress;
  stop(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

const IDLE: Progress = { advance: () => undefined, update: () => undefined, stop: () => undefined };

/** The one line every bar draws: `label [████░░] 40% 4000/10000 unit detail`. */
function barFormat(label: string, unit: string): string {
  return `${label} [{bar}] {percentage}% {value}/{total} ${unit}{detail}`;
}

function running(bar: SingleBar, stop: () => void): Progress {
  return {
    advance: (by) => bar.increment(by),
    update: (done, detail) => bar.update(done, detail === undefined ? {} : { detail: ` ${detail}` }),
    stop,
  };
}

/** Starts a bar on `stream` (stderr); a no-op when it is no terminal or there is nothing to count. */
export function progressBar(label: string, total: number, unit: string, stream: Stream = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return IDLE;
  const bar = new SingleBar({ stream: stream as NodeJS.WriteStream, format: barFormat(label, unit), hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  bar.start(total, 0, { detail: '' });
  return running(bar, () => bar.stop());
}

/** Bars drawn together on `stream` (stderr), one per stage, each added when its stage starts; no-ops off a terminal. */
export function progressBars(stream: Stream = process.stderr): ProgressBars {
  if (!stream.isTTY) return { bar: () => IDLE, stop: () => undefined };
  const bars = new MultiBar({ stream: stream as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  return {
    bar: (label, total, unit) => running(bars.create(total, 0, { detail: '' }, { format: barFormat(label, unit) }), () => undefined),
    stop: () => bars.stop(),
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
