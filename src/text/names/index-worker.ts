/**
 * The name index in a worker thread: built there from the labels it is sent, so a large graph's build (seconds
 * at 100 000 entities) never holds the server's event loop; searches and updates travel as messages and are
 * answered in order. The same file is the worker's code (run under tsx when the product runs from source).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { NameSearchIndex, type NameMatch, type NameSearchOptions, type NamedEntity } from './name-index';

type Operation = { op: 'search'; text: string; options: NameSearchOptions } | { op: 'put'; entities: NamedEntity[] } | { op: 'remove'; ids: string[] } | { op: 'seal' } | { op: 'size' };
type Request = { id: number } & Operation;
type Reply = { id: number; result?: unknown; error?: string };

/** Labels sent to the worker per message. */
const SLICE = 5_000;

/** The index as the main thread sees it: the same operations, answered by the worker. */
export interface RemoteNameIndex {
  search(text: string, options: NameSearchOptions): Promise<NameMatch[]>;
  put(entities: NamedEntity[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/** Starts a worker that builds the index of `entities`; resolves once it is built and answering. */
export async function buildInWorker(entities: readonly NamedEntity[]): Promise<RemoteNameIndex> {
  const fromSource = __filename.endsWith('.ts');
  const worker = new Worker(__filename, {
    workerData: { nameIndex: true },
    // From source (tests, scripts) the worker needs the same TypeScript loader as this thread.
    execArgv: fromSource ? ['--require', require.resolve('tsx/cjs')] : [],
  });
  // The worker must not keep a finishing process alive (a CLI command, a test).
  worker.unref();
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
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
    else w?.resolve(reply.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the name index worker stopped (exit code ${code})`)));
  const ask = <T>(request: Operation): Promise<T> => {
    if (failed) return Promise.reject(failed);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  // Sent in slices: copying 100 000 labels in one message would hold this thread for a noticeable time.
  for (let i = 0; i < entities.length; i += SLICE) await ask<void>({ op: 'put', entities: entities.slice(i, i + SLICE) });
  // Sorted once, now, rather than by the first search.
  await ask<void>({ op: 'seal' });
  return {
    search: (text, options) => ask<NameMatch[]>({ op: 'search', text, options }),
    put: (list) => ask<void>({ op: 'put', entities: list }),
    remove: (ids) => ask<void>({ op: 'remove', ids }),
    size: () => ask<number>({ op: 'size' }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
      failAll(new Error('the name index worker was closed'));
    },
  };
}

/** The worker's side: answer each request in order (the first ones build the index). */
function serve(): void {
  const index = new NameSearchIndex();
  parentPort!.on('message', (request: Request) => {
    try {
      let result: unknown;
      if (request.op === 'search') result = index.search(request.text, request.options);
      else if (request.op === 'put') for (const e of request.entities) index.put(e);
      else if (request.op === 'remove') for (const id of request.ids) index.remove(id);
      else if (request.op === 'seal') index.seal();
      else result = index.size;
      parentPort!.postMessage({ id: request.id, result } satisfies Reply);
    } catch (e) {
      parentPort!.postMessage({ id: request.id, error: (e as Error).message } satisfies Reply);
    }
  });
}

if (!isMainThread && (workerData as { nameIndex?: boolean } | null)?.nameIndex) serve();
