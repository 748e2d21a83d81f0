/**
 * The name index built in a worker thread: a large graph's build (seconds at a million entities) never holds the
 * server's event loop. The worker is sent the labels, builds, and hands the result back as an image (typed arrays
 * transferred, not copied; names and ids not sent back, since this thread holds them), then ends: no second heap
 * stays alive beside the index. The same file is the worker's code (run under tsx when the product runs from source).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { NameSearchIndex, type NameIndexImage, type NamedEntity } from './name-index';

type Operation = { op: 'put'; entities: NamedEntity[] } | { op: 'image' };
type Request = { id: number } & Operation;
type Reply = { id: number; image?: NameIndexImage; error?: string };

/** Labels sent to the worker per message. */
const SLICE = 5_000;

/** Builds the index of `entities` in a worker thread; resolves with it, on this thread, once the worker has ended. */
export async function buildInWorker(entities: readonly NamedEntity[]): Promise<NameSearchIndex> {
  const fromSource = __filename.endsWith('.ts');
  const worker = new Worker(__filename, {
    workerData: { nameIndex: true },
    // From source (tests, scripts) the worker needs the same TypeScript loader as this thread.
    execArgv: fromSource ? ['--require', require.resolve('tsx/cjs')] : [],
  });
  // The worker must not keep a finishing process alive (a CLI command, a test).
  worker.unref();
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) w?.reject(new Error(reply.error));
    else w?.resolve(reply);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the name index worker stopped (exit code ${code})`)));
  const ask = (request: Operation): Promise<Reply> => {
    if (failed) return Promise.reject(failed);
    const id = next++;
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };
  try {
    // Sent in slices: copying 100 000 labels in one message would hold this thread for a noticeable time.
    for (let i = 0; i < entities.length; i += SLICE) await ask({ op: 'put', entities: entities.slice(i, i + SLICE) });
    const { image } = await ask({ op: 'image' });
    // Read in slices between turns of the event loop: requests go on being answered meanwhile.
    return await NameSearchIndex.fromImage(image!, entities, () => new Promise((resolve) => setImmediate(resolve)));
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/** The worker's side: add each slice, then hand the sealed index over as an image. */
function serve(): void {
  const index = new NameSearchIndex();
  parentPort!.on('message', (request: Request) => {
    try {
      if (request.op === 'put') {
        for (const e of request.entities) index.put(e);
        parentPort!.postMessage({ id: request.id } satisfies Reply);
      } else {
        const image = index.image();
        parentPort!.postMessage({ id: request.id, image } satisfies Reply, [...image.columns, ...image.arrays].map((a) => a.buffer));
      }
    } catch (e) {
      parentPort!.postMessage({ id: request.id, error: (e as Error).message } satisfies Reply);
    }
  });
}

if (!isMainThread && (workerData as { nameIndex?: boolean } | null)?.nameIndex) serve();
