/** What a command may touch of the outside world: injected, so the CLI runs in-process in tests. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

let pipeGuard = false;

/**
 * The real process streams. A reader that closes early (`coreml-doctor trace x.xml | head`) is not an
 * error: EPIPE on stdout is swallowed (the rest of the output has nowhere to go) and the run ends
 * with its own exit code. Exiting 0 there would turn a failed gate into a pass under `| true` or
 * `set -o pipefail`.
 */
export function processIO(): CliIO {
  if (!pipeGuard) {
    pipeGuard = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
      process.stderr.write(`coreml-doctor: cannot write the result (${e.code ?? e.message})\n`);
      process.exitCode = 3;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
