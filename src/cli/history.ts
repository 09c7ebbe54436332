/**
 * `report --format csv --append -o FILE`: a CSV history across runs. Each run adds a row per step,
 * each row starting with the date, the git commit (GITHUB_SHA, else the repository the manifest is
 * in; empty outside one) and the pipeline; the header is written once, when the file is new or
 * empty, and a file whose header differs is refused rather than mixed.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { noColors } from '../core/color.js';
import { InputError } from '../core/errors.js';
import { REPORT_FORMATS } from '../render/report/index.js';
import type { Report } from '../report/model.js';
import type { CliIO } from './io.js';
import { writeUserFile } from './output.js';

/** The commit the working tree is at: GITHUB_SHA in CI, else `git rev-parse HEAD` in `dir`; null outside a repository. */
export function gitCommit(io: CliIO, dir: string): Promise<string | null> {
  if (io.env.GITHUB_SHA) return Promise.resolve(io.env.GITHUB_SHA);
  return new Promise((done) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: dir, timeout: 5000 }, (err, stdout) => done(err ? null : stdout.trim() || null));
  });
}

async function firstLine(path: string): Promise<string | null> {
  try {
    const text = await readFile(path, 'utf8');
    return text === '' ? null : (text.split('\n')[0] ?? '');
  } catch {
    return null;
  }
}

export async function appendCsvHistory(io: CliIO, out: string, report: Report, manifest: string, now = new Date()): Promise<void> {
  const dir = manifest === '-' ? io.cwd : dirname(resolve(io.cwd, manifest));
  const render = await REPORT_FORMATS.load('csv');
  const csv = render(report, { colors: noColors, history: { date: now.toISOString(), commit: await gitCommit(io, dir), pipeline: manifest === '-' ? '<stdin>' : manifest } });
  const text = typeof csv === 'string' ? csv : [...csv].join('');
  const [header, ...rows] = text.split('\n');
  const existing = await firstLine(resolve(io.cwd, out));
  if (existing !== null && existing.replace(/\r$/, '') !== header) {
    throw new InputError(out, 1, 'its header is not the one this report writes (other metrics or another tool)', `the header ${header}; start a new file for this pipeline`);
  }
  await writeUserFile(io, out, existing === null ? text : rows.join('\n'), { what: 'the CSV history', flag: '--append', mkdirs: true, append: true });
}
