/**
 * The files behind a pipeline's steps (traces and logs), each read once: keyed by real path, so a
 * profile that thirty steps name is read once. With a concurrency above 1 every step's reads start
 * at once, in step order, at most that many at a time (the CLI hands readers that run in worker
 * threads); with 1, each file is read when its step needs it, as steps were always measured. A
 * result is dropped when the last step that names the file is measured. A read's error is kept and
 * thrown where a step uses the file, so the first failing step in order fails, with its own error.
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedPath, ResolvedStep } from './model.js';

export type StepFileKind = 'trace' | 'log';
export type StepFileRead = (kind: StepFileKind, file: ResolvedPath) => Promise<unknown>;

/** A file as a key: its real path (links and `./` resolved), or the absolute path when it cannot be resolved. */
export async function fileKey(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

function filesOf(step: ResolvedStep): { kind: StepFileKind; file: ResolvedPath }[] {
  return [...step.trace.map((file) => ({ kind: 'trace' as const, file })), ...(step.log ? [{ kind: 'log' as const, file: step.log }] : [])];
}

/** The distinct files the steps read, with their sizes (0 when missing): how much reading is ahead. */
export async function distinctStepFiles(steps: readonly ResolvedStep[]): Promise<{ key: string; bytes: number }[]> {
  const seen = new Map<string, number>();
  for (const step of steps) {
    for (const { kind, file } of filesOf(step)) {
      const key = `${kind}:${await fileKey(file.path)}`;
      if (!seen.has(key)) seen.set(key, await stat(file.path).then((s) => s.size, () => 0));
    }
  }
  return [...seen].map(([key, bytes]) => ({ key, bytes }));
}

interface Entry {
  users: number;
  value: Promise<unknown> | null;
}

export class StepFiles {
  private readonly entries = new Map<string, Entry>();
  private readonly keys = new Map<string, string>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  private constructor(
    private readonly readFile: StepFileRead,
    private readonly concurrency: number,
  ) {}

  /** Counts who reads what; with concurrency above 1, starts every read (those the reader can make). */
  static async open(steps: readonly ResolvedStep[], read: StepFileRead, concurrency: number, prefetch: (kind: StepFileKind) => boolean): Promise<StepFiles> {
    const files = new StepFiles(read, Math.max(1, Math.floor(concurrency)));
    for (const step of steps) {
      for (const { kind, file } of filesOf(step)) {
        const key = await files.keyOf(kind, file);
        const e = files.entries.get(key) ?? { users: 0, value: null };
        e.users++;
        files.entries.set(key, e);
      }
    }
    if (files.concurrency > 1) {
      for (const step of steps) for (const { kind, file } of filesOf(step)) if (prefetch(kind)) void files.read(kind, file).catch(() => undefined);
    }
    return files;
  }

  private async keyOf(kind: StepFileKind, file: ResolvedPath): Promise<string> {
    const k = `${kind}:${file.path}`;
    let key = this.keys.get(k);
    if (key === undefined) {
      key = `${kind}:${await fileKey(file.path)}`;
      this.keys.set(k, key);
    }
    return key;
  }

  /** The file's model: read once for every step that names it. */
  readonly read = async (kind: StepFileKind, file: ResolvedPath): Promise<unknown> => {
    const key = await this.keyOf(kind, file);
    let e = this.entries.get(key);
    if (!e) {
      e = { users: 1, value: null };
      this.entries.set(key, e);
    }
    e.value ??= this.limited(() => this.readFile(kind, file));
    return e.value;
  };

  /** The step is measured: the files no later step names are let go. */
  async done(step: ResolvedStep): Promise<void> {
    for (const { kind, file } of filesOf(step)) {
      const key = await this.keyOf(kind, file);
      const e = this.entries.get(key);
      if (e && --e.users <= 0) this.entries.delete(key);
    }
  }

  /** No more reads start (a step failed): the ones waiting for their turn are dropped. */
  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w();
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) {
      await new Promise<void>((r) => this.waiting.push(r));
      if (this.closed) throw new Error('the pipeline was not measured to its end');
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
