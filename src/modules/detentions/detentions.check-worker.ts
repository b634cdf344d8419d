import { PassThrough } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import { registerMessages } from '../../core/i18n.js';
import type { CheckRequest, CheckResponse } from './detentions.check-client.js';
import { checkFile, type CheckedBatch } from './detentions.parse.js';
import { messages } from './detentions.schema.js';

/**
 * The worker thread that reads and checks bulk files (started by detentions.check-client.ts through
 * detentions.check-worker.mjs). Each file is a session: its bytes come in pieces, its checked batches go back one at
 * a time, and no more than BATCHES_AHEAD wait unwritten, so a slow database holds the file's reading, not memory.
 */
const BATCHES_AHEAD = 2;

for (const lang of ['es', 'en'] as const) registerMessages(lang, messages[lang] ?? {});

interface Session { input: PassThrough; now: number; unacked: number; wake: (() => void) | null; cancelled: boolean }
const sessions = new Map<number, Session>();
const port = parentPort!;
const send = (m: CheckResponse, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: CheckRequest) => {
  switch (m.type) {
    case 'open': {
      const s: Session = { input: new PassThrough(), now: m.now, unacked: 0, wake: null, cancelled: false };
      sessions.set(m.session, s);
      const hooks = {
        now: () => new Date(s.now),
        batch: async (batch: CheckedBatch) => {
          s.unacked++;
          // The rows' bytes move to the writer's thread without a copy.
          send({ type: 'batch', session: m.session, batch }, batch.rows.length ? [batch.rows[0].tail.buffer as ArrayBuffer] : []);
          while (s.unacked >= BATCHES_AHEAD && !s.cancelled) await new Promise<void>((resolve) => { s.wake = resolve; });
          if (s.cancelled) throw new Error('cancelled');
        },
      };
      checkFile(m.init, s.input, hooks).then(
        () => send({ type: 'done', session: m.session }),
        (err: unknown) => {
          if (s.cancelled) return;
          const e = err as Error & { code?: string };
          send({ type: 'error', session: m.session, error: err instanceof AppError ? { app: { code: err.code, status: err.status, params: err.params, details: err.details }, message: e.message } : { message: e.message, code: e.code } });
        },
      ).finally(() => sessions.delete(m.session));
      break;
    }
    case 'chunk': {
      const s = sessions.get(m.session);
      if (!s) return;
      s.now = m.now;
      s.input.write(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength), () => send({ type: 'chunk_done', session: m.session }));
      break;
    }
    case 'end': {
      const s = sessions.get(m.session);
      if (s) { s.now = m.now; s.input.end(); }
      break;
    }
    case 'batch_done': {
      const s = sessions.get(m.session);
      if (!s) return;
      s.unacked--;
      s.wake?.();
      s.wake = null;
      break;
    }
    case 'cancel': {
      const s = sessions.get(m.session);
      if (!s) return;
      s.cancelled = true;
      s.wake?.();
      s.input.destroy();
      sessions.delete(m.session);
      break;
    }
  }
});
