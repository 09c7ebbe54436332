/** Runs the CLI in-process with captured stdout/stderr, as a user would call it. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { REPO_ROOT } from './corpus.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: boolean;
  /** The terminal's width (with isTTY). */
  columns?: number;
}

export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: opts.isTTY ?? false, ...(opts.columns ? { columns: opts.columns } : {}) },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: opts.isTTY ?? false },
    stdin: Readable.from(opts.stdin === undefined ? [] : [typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : opts.stdin]),
    env: opts.env ?? {},
    cwd: opts.cwd ?? REPO_ROOT,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
