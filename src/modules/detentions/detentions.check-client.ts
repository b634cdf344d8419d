import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import type { CheckedBatch, FileCheckHooks, FileCheckInit } from './detentions.parse.js';

/**
 * Checks bulk files in a worker thread (checkFileInWorker, the same contract as checkFile): reading the CSV or XLSX,
 * the zod shape, the document rules and the encoding of good rows are most of an import's CPU, and on the server's
 * own thread they took turns with every other request. One worker serves every file of the process, started at the
 * first large file (it takes about a second to load) and kept, unreferenced, for the next.
 */

/** Pieces of a file sent ahead of the worker's reading. */
const CHUNKS_AHEAD = 8;

/** Messages to the worker. */
export type CheckRequest =
  | { type: 'open'; session: number; init: FileCheckInit; now: number }
  | { type: 'chunk'; session: number; chunk: Uint8Array; now: number }
  | { type: 'end'; session: number; now: number }
  | { type: 'batch_done'; session: number }
  | { type: 'cancel'; session: number };

/** Messages from the worker. */
export type CheckResponse =
  | { type: 'chunk_done'; session: number }
  | { type: 'batch'; session: number; batch: CheckedBatch }
  | { type: 'done'; session: number }
  | { type: 'error'; session: number; error: { app?: { code: string; status: number; params: Record<string, unknown>; details?: unknown }; message: string; code?: string } };

interface Session { onMessage: (m: CheckResponse) => void; fail: (err: Error) => void }
const sessions = new Map<number, Session>();
let worker: Worker | null = null;
let lastSession = 0;

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./detentions.check-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (m: CheckResponse) => sessions.get(m.session)?.onMessage(m));
  const lost = (err: Error) => {
    if (worker === w) worker = null;
    for (const s of [...sessions.values()]) s.fail(err);
  };
  w.on('error', lost);
  // The rows written so far stay (each batch is its own transaction); re-sending the file adds the rest.
  w.on('exit', () => lost(new AppError('import_interrupted', 503)));
  worker = w;
  return w;
}

const revive = (e: Extract<CheckResponse, { type: 'error' }>['error']): Error =>
  (e.app ? new AppError(e.app.code, e.app.status, e.app.params, e.app.details) : Object.assign(new Error(e.message), e.code ? { code: e.code } : {}));

/** checkFile() in the worker thread: the same batches, in order, each awaited through `hooks.batch` before the next. */
export function checkFileInWorker(init: FileCheckInit, stream: Readable, hooks: FileCheckHooks): Promise<void> {
  const w = theWorker();
  const id = ++lastSession;
  return new Promise<void>((resolve, reject) => {
    let ended = false;
    let chunksAhead = 0;
    let wake: (() => void) | null = null;
    let writes = Promise.resolve();
    const finish = (err: Error | null) => {
      if (ended) return;
      ended = true;
      sessions.delete(id);
      wake?.();
      if (err) {
        w.postMessage({ type: 'cancel', session: id } satisfies CheckRequest);
        reject(err);
      } else resolve();
    };
    sessions.set(id, {
      fail: finish,
      onMessage: (m) => {
        switch (m.type) {
          case 'chunk_done':
            chunksAhead--;
            wake?.();
            break;
          case 'batch':
            writes = writes.then(() => hooks.batch(m.batch)).then(() => { if (!ended) w.postMessage({ type: 'batch_done', session: id } satisfies CheckRequest); }, finish);
            break;
          case 'done':
            void writes.then(() => finish(null));
            break;
          case 'error':
            void writes.then(() => finish(revive(m.error)));
            break;
        }
      },
    });
    w.postMessage({ type: 'open', session: id, init, now: hooks.now().getTime() } satisfies CheckRequest);
    (async () => {
      for await (const chunk of stream) {
        if (ended) return;
        chunksAhead++;
        w.postMessage({ type: 'chunk', session: id, chunk: chunk as Buffer, now: hooks.now().getTime() } satisfies CheckRequest);
        while (chunksAhead >= CHUNKS_AHEAD && !ended) await new Promise<void>((r) => { wake = r; });
      }
      if (!ended) w.postMessage({ type: 'end', session: id, now: hooks.now().getTime() } satisfies CheckRequest);
    })().catch(finish);
  });
}

/** Stops the worker thread (at shutdown, or in a test); files being checked fail, and the next file starts a new one. */
export async function stopCheckWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
