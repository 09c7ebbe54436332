/**
 * Each command loads only its own modules: `--help` loads commander and the commands' summaries
 * (no command's module, reader, renderer, catalogue or engine); `log` on a log without failing ops loads neither the
 * rewrites catalogue nor trace's reader nor the budget engine. The times are measured by
 * `npm run bench -- startup`; this holds the structure that makes them.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';

function loads(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', './test/helpers/record-loads.mjs', 'bin/coreml-doctor.js', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(r.stderr.split('\n').filter((l) => l.startsWith('LOAD ')).map((l) => l.slice(5).replace(/^file:\/\/.*?\/dist\//, 'dist/')))];
}

const HEAVY = ['dist/convlog/parser.js', 'dist/trace/analyze.js', 'dist/trace/xctrace/reader.js', 'dist/rewrites/catalogue/index.js', 'dist/rewrites/lookup.js', 'dist/budget/engine.js', 'dist/report/pipeline.js', 'dist/render/report/html/page.js', 'dist/inputs/registry.js'];

describe('start-up', () => {
  it('--help loads no reader, renderer, catalogue or engine', () => {
    const l = loads(['--help']);
    expect(l.length).toBeGreaterThan(10);
    for (const h of HEAVY) expect(l, h).not.toContain(h);
    expect(l.filter((f) => f.startsWith('dist/render/'))).toEqual([]);
    expect(l.filter((f) => f.startsWith('dist/cli/commands/'))).toEqual(['dist/cli/commands/summaries.js']);
  });

  it('log on a small log loads the log reader and its renderer only', () => {
    const l = loads(['log', 'fixtures/logs/tf2-keras-success.log']);
    expect(l).toContain('dist/convlog/parser.js');
    expect(l).toContain('dist/render/convlog/text.js');
    expect(l.filter((f) => f.startsWith('dist/cli/commands/'))).toEqual(['dist/cli/commands/summaries.js', 'dist/cli/commands/log.js']);
    for (const h of ['dist/trace/analyze.js', 'dist/rewrites/catalogue/index.js', 'dist/budget/engine.js', 'dist/report/pipeline.js', 'dist/trace/deepcopy.js']) expect(l, h).not.toContain(h);
    // Sniffing inputs (a Core ML model among the kinds) reads a tag by hand, without the protobuf package.
    expect(l.filter((f) => f.includes('/node_modules/@bufbuild/'))).toEqual([]);
  });

  it('rewrites OP loads the catalogue, not the log parser or the trace reader', () => {
    const l = loads(['rewrites', 'upsample_bicubic2d']);
    expect(l).toContain('dist/rewrites/lookup.js');
    for (const h of ['dist/convlog/parser.js', 'dist/trace/analyze.js', 'dist/budget/engine.js']) expect(l, h).not.toContain(h);
  });
});
