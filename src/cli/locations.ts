/**
 * Where gate's annotations point for a step: the pipeline manifest a report names (`source`), at
 * the step's line, when it can be read here (it is in the repository, where a PR shows it); else
 * the file the steps came from (the manifest measured now, or the report). Paths are relative to
 * the repository ($GITHUB_WORKSPACE in Actions, else the working directory), with `/`.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { stepLines } from '../report/locate.js';
import type { CliIO } from './io.js';

function annotationPath(io: CliIO, file: string): string {
  const root = io.env.GITHUB_WORKSPACE ? resolve(io.cwd, io.env.GITHUB_WORKSPACE) : io.cwd;
  return relative(root, resolve(io.cwd, file)).split(sep).join('/');
}

async function linesOf(io: CliIO, file: string): Promise<Map<string, number> | null> {
  try {
    return stepLines(await readFile(resolve(io.cwd, file), 'utf8'));
  } catch {
    return null;
  }
}

/** `file`: the manifest or report the steps came from (null: stdin); `source`: the manifest a report names. */
export async function stepLocations(io: CliIO, file: string | null, source: string | null, steps: readonly string[]): Promise<Map<string, { file: string; line: number | null }>> {
  const out = new Map<string, { file: string; line: number | null }>();
  const inSource = source !== null ? await linesOf(io, source) : null;
  const inFile = file !== null ? await linesOf(io, file) : null;
  for (const step of steps) {
    const line = inSource?.get(step);
    if (source !== null && line !== undefined) out.set(step, { file: annotationPath(io, source), line });
    else if (file !== null) out.set(step, { file: annotationPath(io, file), line: inFile?.get(step) ?? null });
  }
  return out;
}
