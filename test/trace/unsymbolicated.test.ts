/**
 * An unsymbolicated CPU Profiler export: backtraces of `<text-addresses>` only, no `<frame>`
 * (fixtures/traces/cpu-profile-text-addresses.xml, shaped like the real one in the corpus). Every
 * number below is read off the fixture's eight rows:
 *   S1 objc_msgSend (2 rows, 204,768 + 146,004 cycles), S2 _platform_memset (991,581 + 204,768),
 *   S3 an unnamed leaf 0x1222eb03d (965,224 + 578,538), S4 mach_absolute_time (1,000,115), and one
 *   row without a stack (100,000). S1 and S2 share the main thread's callers, S3 and S4 the worker's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { CallTreeNode, ProfileSummary } from '../../src/trace/model.js';
import { runCli } from '../helpers/cli.js';

const FIXTURE = 'fixtures/traces/cpu-profile-text-addresses.xml';
const hex = (decimal: number) => '0x' + decimal.toString(16);
const S1 = 204_768 + 146_004;
const S2 = 991_581 + 204_768;
const S3 = 965_224 + 578_538;
const S4 = 1_000_115;
const NO_STACK = 100_000;
const TOTAL = S1 + S2 + S3 + S4 + NO_STACK;
// The callers, root first (the fixture writes them leaf first).
const MAIN = [7253628608, 6443718504, 6443712420, 4344048904, 4343956380].map(hex);
const WORKER = [7253628620, 7253648612, 6443224828].map(hex);

describe('unsymbolicated backtraces (<text-addresses> only)', async () => {
  const a = await analyzeTraceFile(FIXTURE, { top: 100 });
  const p = a.profiles[0] as ProfileSummary;

  it('keeps every stack, as addresses, with the leaf named where the display string names it', () => {
    expect(p).toMatchObject({ table: 'cpu-profile', unit: 'cycles', samples: 8, totalWeight: TOTAL, noStackWeight: NO_STACK, stacks: 4, unsymbolicated: true });
    expect(p.topFrames.filter((f) => f.self > 0).map((f) => [f.name, f.binary, f.self])).toEqual([
      ['0x1222eb03d', null, S3],
      ['_platform_memset', null, S2],
      ['mach_absolute_time', null, S4],
      ['objc_msgSend', null, S1],
    ]);
    const root = p.callTree as CallTreeNode;
    expect(root.children.map((c) => [c.name, c.total])).toEqual([
      [WORKER[0], S3 + S4],
      [MAIN[0], S1 + S2],
    ]);
    const path = (names: string[]) => names.reduce<CallTreeNode | undefined>((n, name) => n?.children.find((c) => c.name === name), root);
    expect(path([...MAIN, hex(6455333556), 'objc_msgSend'])?.self).toBe(S1);
    expect(path([...MAIN, hex(4867944008), '_platform_memset'])?.self).toBe(S2);
    expect(path([...WORKER, hex(4868446277), hex(4868452413)])?.self).toBe(S3);
    expect(root.self).toBe(0);
  });

  it('counts the weight as no binary, and the stack-less row as no stack: never one for the other', () => {
    expect(p.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 0, system: 0, unknown: TOTAL });
    expect(p.addressOnly).toEqual({ weight: TOTAL - NO_STACK, stacks: 4, leafNamed: 3 });
    expect(p.topFrames.reduce((s, f) => s + f.self, 0) + p.noStackWeight).toBe(p.totalWeight);
  });

  it('says the trace is unsymbolicated and how to symbolicate it', async () => {
    expect(a.notes?.find((n) => n.startsWith('cpu-profile is unsymbolicated'))).toBe(
      "cpu-profile is unsymbolicated (97.6 % of the weight: backtraces of addresses only, no symbols, no binaries): frames are shown by address, the leaf by its symbol where Instruments' display string names it (3 of 4 stacks), and their engine is unknown. Symbolicate the recording on the Mac that has it and export again: xcrun xctrace symbolicate --input X.trace --dsym App.dSYM --output X-symbolicated.trace",
    );
    const r = await runCli(['trace', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n {4}/g, ' ')).toContain('  Unsymbolicated: 97.6 % of the weight has addresses for frames, not symbols (Notes say how to symbolicate)\n');
    expect(r.stdout).toMatch(/│ Unknown: no binary \(unsymbolicated, JIT\) │\s+4\.09 Mc │ 97\.6 % │/);
    expect(r.stdout).toMatch(/│ No stack \(samples without a backtrace\)\s+│ 100\.00 Kc │\s+2\.4 % │/);
    expect(r.stdout).toMatch(/│\s+1\.54 Mc │ 36\.8 % │\s+1\.54 Mc │ 36\.8 % │ 0x1222eb03d\s+│/);
  });

  it('writes the address stacks as folded lines, the stack-less weight as its own line', async () => {
    const r = await runCli(['trace', FIXTURE, '--format', 'folded']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(
      [
        `${[...MAIN, hex(6455333556), 'objc_msgSend'].join(';')} ${S1}`,
        `${[...MAIN, hex(4867944008), '_platform_memset'].join(';')} ${S2}`,
        `${[...WORKER, hex(4868446277), hex(4868452413)].join(';')} ${S3}`,
        `${[...WORKER, hex(4867945688), 'mach_absolute_time'].join(';')} ${S4}`,
        `(no stack) ${NO_STACK}`,
      ].sort(),
    );
  });

  it('is what fixtures/traces/generate-profiles.mjs writes (run it after changing it)', async () => {
    // @ts-expect-error: a plain .mjs module without types
    const { FIXTURES } = (await import('../../fixtures/traces/generate-profiles.mjs')) as { FIXTURES: Record<string, () => string> };
    for (const [name, make] of Object.entries(FIXTURES)) expect(make(), name).toBe(readFileSync(`fixtures/traces/${name}`, 'utf8'));
  });
});
