/** Nothing prints a V8 stack: bad input is one line and exit 2; anything else one line and exit 3 (a stack only with --debug). */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { REPO_ROOT } from '../helpers/corpus.js';

function brokenIO(): { io: CliIO; err: () => string } {
  let err = '';
  const io: CliIO = {
    stdout: {
      write: () => {
        throw new TypeError('the terminal went away\nand a second line');
      },
    },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: Readable.from([]),
    env: {},
    cwd: REPO_ROOT,
  };
  return { io, err: () => err };
}

describe('internal errors', () => {
  it('are one line and exit 3, without a stack', async () => {
    const { io, err } = brokenIO();
    expect(await main(['rewrites', 'upsample_bicubic2d'], io)).toBe(3);
    expect(err()).toBe('coreml-doctor: internal error: the terminal went away (run with --debug for a stack trace, and please report it)\n');
  });

  it('--debug adds the stack', async () => {
    const { io, err } = brokenIO();
    expect(await main(['rewrites', 'upsample_bicubic2d', '--debug'], io)).toBe(3);
    expect(err()).toMatch(/^coreml-doctor: internal error: the terminal went away\nTypeError: /);
    expect(err()).toMatch(/\n {4}at /);
  });
});
