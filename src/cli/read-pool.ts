/**
 * Step files read in worker threads, up to the pool's size at once (report and gate on big
 * pipelines: one core per file). Each worker (read-worker.ts) reads a file through the input
 * registry as `readTrace` / `readLog` do in-process and sends back what the report keeps of it
 * (call trees cut or dropped in the worker, before the copy). Errors come back as they were thrown:
 * an InputError with its file, place and expectation; a worker that runs out of memory or dies is
 * an internal error naming the file (one line, exit 3), never a V8 stack.
 * A worker reads one file and ends (its heap is returned to the system); `close()` ends those still running.
 */
import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConversionLog } from '../convlog/model.js';
import { InputError, UsageError } from '../core/errors.js';
import type { LogReader, TraceReader } from '../report/pipeline.js';
import type { TraceAnalysis } from '../trace/model.js';

export interface ReadTask {
  id: number;
  kind: 'trace' | 'log';
  path: string;
  displayName: string;
  callTree: boolean;
}

export type WireError =
  | { type: 'input'; file: string; place: string | number | undefined; problem: string; expected: string | undefined; stack?: string }
  | { type: 'usage'; message: string; stack?: string }
  | { type: 'internal'; message: string; stack?: string };

export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export function toWire(e: unknown): WireError {
  const stack = e instanceof Error && e.stack ? { stack: e.stack } : {};
  if (e instanceof InputError) return { type: 'input', file: e.file, place: e.place, problem: e.problem, expected: e.expected, ...stack };
  if (e instanceof UsageError) return { type: 'usage', message: e.message, ...stack };
  return { type: 'internal', message: e instanceof Error ? e.message : String(e), ...stack };
}

export function fromWire(w: WireError): Error {
  const e = w.type === 'input' ? new InputError(w.file, w.place, w.problem, w.expected) : w.type === 'usage' ? new UsageError(w.message) : new Error(w.message);
  if (w.stack) e.stack = w.stack;
  return e;
}

export interface ReadPool {
  readTrace: TraceReader;
  readLog: LogReader;
  close(): Promise<void>;
}

interface Pending {
  task: ReadTask;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const WORKER = new URL('./read-worker.js', import.meta.url);

/** A pool of `size` workers; null when running from the TypeScript sources (tests), which have no worker to run. */
export function readPool(size: number): ReadPool | null {
  if (import.meta.url.endsWith('.ts') && !existsSync(fileURLToPath(WORKER))) return null;
  const busy = new Map<Worker, Pending>();
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  const heapMb = Math.max(64, Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20));

  const start = (): Worker => {
    // The heap this process may use (--max-old-space-size), set explicitly: reaching it ends the worker, not the process.
    const w = new Worker(WORKER, { stdout: false, stderr: false, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    w.on('message', (r: ReadReply) => {
      const p = busy.get(w);
      if (!p || p.task.id !== r.id) return;
      busy.delete(w);
      if (r.ok) p.resolve(r.value);
      else p.reject(fromWire(r.error));
      // One file per worker: its heap (a big profile's reading grows it to near the limit) goes back
      // to the system with it, instead of staying with a worker that reads the next file.
      void w.terminate();
      pump();
    });
    w.on('error', (e: Error & { code?: string }) => {
      const p = busy.get(w);
      busy.delete(w);
      if (p) p.reject(new Error(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory reading ${p.task.displayName}` : `reading ${p.task.displayName}: ${e.message}`));
      pump();
    });
    w.on('exit', (code) => {
      const p = busy.get(w);
      busy.delete(w);
      if (p) p.reject(new Error(`reading ${p.task.displayName}: the reader stopped (exit ${code})`));
      pump();
    });
    return w;
  };

  const pump = (): void => {
    while (!closed && queue.length) {
      if (busy.size >= size) return;
      const w = start();
      const p = queue.shift() as Pending;
      busy.set(w, p);
      w.postMessage(p.task);
    }
  };

  const submit = (task: Omit<ReadTask, 'id'>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error('the read pool is closed'));
      queue.push({ task: { ...task, id: nextId++ }, resolve, reject });
      pump();
    });

  return {
    readTrace: async (path, o) => (await submit({ kind: 'trace', path, displayName: o.displayName, callTree: o.callTree !== false })) as TraceAnalysis,
    readLog: async (path, displayName) => (await submit({ kind: 'log', path, displayName, callTree: false })) as ConversionLog,
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('the read pool is closed'));
      await Promise.all([...busy.keys()].map((w) => w.terminate()));
    },
  };
}
