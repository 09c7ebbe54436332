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
 * error: EPIPE on stdout ends the run quietly instead of crashing with a stack trace.
 */
export function processIO(): CliIO {
  if (!pipeGuard) {
    pipeGuard = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      process.stderr.write(`coreml-doctor: cannot write the result (${e.code ?? e.message})\n`);
      process.exit(3);
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
