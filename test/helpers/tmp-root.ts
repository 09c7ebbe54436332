/**
 * vitest globalSetup: every temporary file or folder a test makes (mkdtemp under os.tmpdir()) goes
 * into one folder of this run, removed when the run ends, so no run leaves anything in /tmp.
 * Workers and the CLI processes tests spawn inherit TMPDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'coreml-doctor-test-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
