/**
 * Writing what a command made: the result to stdout or `--out FILE` (ending with one newline),
 * another file beside it (`--html`, a reporter's `NAME:FILE`), the GitHub Actions job summary
 * (appended, never overwritten), and warnings to stderr. Every command writes through these.
 */
import { appendFile, mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { sanitizeTerminal } from '../core/escape.js';
import type { FormatMap, Rendered } from '../render/formats.js';
import type { CliIO } from './io.js';

function errnoCode(e: unknown): string {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
}

/** All of a rendered result as pieces, the last ending with one newline. */
function* pieces(r: Rendered): Generator<string> {
  if (typeof r === 'string') {
    yield r.endsWith('\n') ? r : r + '\n';
    return;
  }
  let last = '';
  for (const p of r) {
    if (last) yield last;
    last = p;
  }
  yield last.endsWith('\n') ? last : last + '\n';
}

/**
 * Writes a file the user named, as it is. `shown` is the name as typed (in messages); `what` says
 * what it is ("the HTML page"); `mkdirs` creates its folder first; `append` adds to it.
 */
export async function writeUserFile(io: CliIO, shown: string, text: Rendered, opts: { what: string; flag: string; mkdirs?: boolean; append?: boolean }): Promise<void> {
  const path = resolve(io.cwd, shown);
  try {
    if (opts.mkdirs) await mkdir(dirname(path), { recursive: true });
    if (typeof text === 'string') {
      if (opts.append) await appendFile(path, text);
      else await writeFile(path, text);
    } else {
      // Pieces are written as they come: an output of gigabytes is never one string.
      const fh = await open(path, opts.append ? 'a' : 'w');
      try {
        for (const piece of text) await fh.write(piece);
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    throw new InputError(shown, undefined, `cannot write ${opts.what} (${errnoCode(e)})`, `a writable path for ${opts.flag}`);
  }
}

/** Writes a command's result to --out or stdout, ending with one newline. */
export async function writeResult(io: CliIO, opts: { out?: string | undefined }, text: Rendered): Promise<void> {
  if (opts.out) return writeUserFile(io, opts.out, pieces(text), { what: 'the output', flag: '--out', mkdirs: true });
  const out = io.stdout as Partial<EventStream> & CliIO['stdout'];
  for (const p of pieces(text)) {
    if (out.destroyed) return; // the reader went away (EPIPE, swallowed): the rest has nowhere to go
    // A pipe takes the output as fast as its reader does: wait for it rather than hold gigabytes.
    if (out.write(p) === false) await drained(out);
  }
}

/** The parts of a Node stream that waiting for it needs (the in-process test sinks have none). */
interface EventStream {
  destroyed: boolean;
  once(event: string, f: () => void): unknown;
  off(event: string, f: () => void): unknown;
}

/** Resolves when the stream has room again, or will never have it (closed, failed). */
function drained(out: Partial<EventStream>): Promise<void> {
  const { once, off } = out;
  if (typeof once !== 'function' || typeof off !== 'function' || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      for (const e of ['drain', 'close', 'error']) off.call(out, e, done);
      resolve();
    };
    for (const e of ['drain', 'close', 'error']) once.call(out, e, done);
  });
}

/** Renders a model in a format of its renderer map and writes the result (stdout or --out). */
export async function renderResult<M, O>(io: CliIO, opts: { out?: string | undefined }, map: FormatMap<M, O>, format: string, model: M, renderOpts: O): Promise<void> {
  const render = await map.load(format);
  await writeResult(io, opts, render(model, renderOpts));
}

/** Appends Markdown to GitHub Actions' job summary ($GITHUB_STEP_SUMMARY), a blank line after it. */
export async function appendStepSummary(io: CliIO, path: string, markdown: string): Promise<void> {
  await writeUserFile(io, path, markdown.endsWith('\n') ? markdown + '\n' : markdown + '\n\n', { what: 'the job summary', flag: '$GITHUB_STEP_SUMMARY', append: true });
}

/** One warning per line on stderr. */
export function warn(io: CliIO, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr.write(`coreml-doctor: warning: ${sanitizeTerminal(w)}\n`);
}
