/**
 * Deep Copy text, every header variant. The four fixtures hold the same call tree (written out by
 * fixtures' generator in each Instruments version's format), so they must read the same.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInstrumentsBytes } from '../../src/render/trace/common.js';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { runCli } from '../helpers/cli.js';
import type { CallTreeNode, ProfileSummary } from '../../src/trace/model.js';

const VARIANTS: [string, ProfileSummary['unit'], number][] = [
  ['deep-copy-instruments7-time.txt', 'ms', 1],
  ['deep-copy-instruments7-alloc.txt', 'bytes', 1024],
  ['deep-copy-instruments13-cycles.txt', 'cycles', 1e6],
  ['deep-copy-instruments16-time.txt', 'ms', 1],
];

function shape(n: CallTreeNode): unknown {
  return [n.name, n.total, n.self, n.children.map(shape)];
}

describe('Deep Copy of a call tree', () => {
  for (const [file, unit, k] of VARIANTS) {
    it(`${file}: the same tree, weights in ${unit}`, async () => {
      const a = await analyzeTraceFile(`fixtures/traces/${file}`);
      expect(a.format).toBe('deep-copy');
      const p = a.profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ table: 'deep-copy', run: null, unit, samples: 0, samplesKnown: false, noStackWeight: 0, totalWeight: 1000 * k });
      // Engines from symbols (a Deep Copy names no binaries): the deepest ML frame on each path; the
      // app's own frames (they have a stack: VisionApp.Tree.walk, .resize, .run's self) are the app's.
      expect(p.engines).toEqual({ neuralEngine: 300 * k, gpu: 0, cpuCompute: 250 * k, coremlOverhead: 50 * k, app: 400 * k, system: 0, unknown: 0 });
      expect(p.topFrames.slice(0, 4).map((f) => [f.name, f.self, f.total])).toEqual([
        ['mach_msg2_trap', 300 * k, 300 * k],
        ['BNNSFilterApply', 250 * k, 250 * k],
        ['VisionApp.Tree.walk(_:)', 200 * k, 200 * k], // recursion: total counted once
        ['VisionApp.Preprocess.resize(_:)', 150 * k, 150 * k],
      ]);
      const roots = (p.callTree as CallTreeNode).children;
      const start = file.includes('13-cycles') ? roots[0]?.children[0] : roots[0];
      expect(start?.name).toBe('start');
      expect(shape(start?.children[0]?.children[0] as CallTreeNode)).toEqual([
        'VisionApp.Detector.run(_:)',
        800 * k,
        50 * k,
        [
          [
            '-[MLModel predictionFromFeatures:error:]',
            600 * k,
            10 * k,
            [
              [
                'Espresso::net::__forward(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)',
                590 * k,
                40 * k,
                [
                  ['-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', 300 * k, 0, [['mach_msg2_trap', 300 * k, 300 * k, []]]],
                  ['BNNSFilterApply', 250 * k, 250 * k, []],
                ],
              ],
            ],
          ],
          ['VisionApp.Preprocess.resize(_:)', 150 * k, 150 * k, []],
        ],
      ]);
      expect(a.warnings).toEqual([]);
    });
  }

  it('names the process when the tree starts with it', async () => {
    const a = await analyzeTraceFile('fixtures/traces/deep-copy-instruments13-cycles.txt');
    expect(a.profiles[0]?.processes).toEqual([{ name: 'VisionApp', pid: '873', weight: 1e9 }]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'deep-copy-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('attaches a line indented too deep to the line above, and says so', async () => {
    const p = write('jump.txt', 'Weight\tSelf Weight\tSymbol Names\n2.00 ms  100.0%\t0 s\tmain\n2.00 ms  100.0%\t2.00 ms\t    deep\n');
    const a = await analyzeTraceFile(p);
    expect(a.profiles[0]?.callTree?.children[0]?.children[0]?.name).toBe('deep');
    expect(a.warnings).toEqual(['1 line(s) are indented more than one level below their parent; they were attached to the line above']);
  });

  it('refuses mixed units and unknown units', async () => {
    await expect(analyzeTraceFile(write('mixed.txt', 'Weight\tSelf Weight\tSymbol Names\n2.00 ms  100.0%\t0 s\tmain\n1.00 Kc  50.0%\t-\t main\n'))).rejects.toThrow(/mixed\.txt:line 3: weights mix ms and cycles/);
    await expect(analyzeTraceFile(write('furlong.txt', 'Weight\tSelf Weight\tSymbol Names\n2.00 furlongs  100.0%\t0 s\tmain\n'))).rejects.toThrow(/unknown weight unit "furlongs"/);
  });

  it('refuses a header without a weight column, and a header without rows', async () => {
    await expect(analyzeTraceFile(write('nohead.txt', 'Calls\tSymbol Name\n3\tmain\n'))).rejects.toThrow(/the header has no weight column/);
    await expect(analyzeTraceFile(write('empty.txt', 'Weight\tSelf Weight\tSymbol Names\n'))).rejects.toThrow(/has a header but no rows/);
  });

  it('gives frames that have a stack to the app or the system by their symbol; only an unknown address is unknown', async () => {
    const p = write(
      'classes.txt',
      'Weight\tSelf Weight\tSymbol Names\n10.00 ms  100.0%\t0 s\tstart\n10.00 ms  100.0%\t0 s\t main\n10.00 ms  100.0%\t5.00 ms\t  Detector.run()\n4.00 ms  40.0%\t2.00 ms\t   malloc\n2.00 ms  20.0%\t2.00 ms\t    _kernelrpc_mach_vm_map_trap\n1.00 ms  10.0%\t1.00 ms\t   <Unknown Address>\n',
    );
    expect((await analyzeTraceFile(p)).profiles[0]?.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 5, system: 4, unknown: 1 });
  });

  it('reads a byte tree without float residue: self is what the children leave beyond the display\'s rounding', async () => {
    // 0.30 KB = 0.10 + 0.20 KB (in floats 307.2 ≠ 102.4 + 204.8); 1.00 MB leaves 0.50 MB that no child holds.
    const p = write(
      'bytes.txt',
      'Bytes Used\tCount\t\tSymbol Name\n 1.00 MB   100.0%\t3\t \tstart\n 0.50 MB    50.0%\t2\t \t Model.load()\n 0.30 KB     0.0%\t2\t \t  malloc\n 0.10 KB     0.0%\t1\t \t   nanov2_malloc\n 0.20 KB     0.0%\t1\t \t   szone_malloc\n',
    );
    const a = await analyzeTraceFile(p, { top: 10 });
    const prof = a.profiles[0] as ProfileSummary;
    const self = new Map(prof.topFrames.map((f) => [f.name, f.self]));
    expect(self.get('malloc')).toBe(0);
    expect(self.get('start')).toBe(2 ** 19);
    expect(self.get('Model.load()')).toBeCloseTo(0.5 * 2 ** 20 - 307.2, 6);
    expect([self.get('nanov2_malloc'), self.get('szone_malloc')]).toEqual([102.4, 204.8]);
    // start's own half megabyte has no app frame on its stack: the system's; the rest is the app's.
    expect(prof.engines.system).toBe(2 ** 19);
    expect(prof.engines.app).toBeCloseTo(2 ** 19, 6);
    const text = (await runCli(['trace', p])).stdout;
    expect(text).toContain('  1.00 MB in all\n');
    expect(text).toMatch(/│ 512\.00 KB │ 50\.0 % │\s+1\.00 MB │ 100\.0 % │ start /);
    expect(text).not.toMatch(/\de-\d/);
  });

  it('keeps the call tree only when asked, with the same summaries', async () => {
    const full = (await analyzeTraceFile('fixtures/traces/deep-copy-instruments16-time.txt')).profiles[0] as ProfileSummary;
    const flat = (await analyzeTraceFile('fixtures/traces/deep-copy-instruments16-time.txt', { callTree: false })).profiles[0] as ProfileSummary;
    expect(flat.callTree).toBeUndefined();
    const { callTree: _t, ...rest } = full;
    expect(flat).toEqual(rest);
  });

  it('refuses a line longer than a megabyte (not a Deep Copy), in bounded memory', async () => {
    const p = write('long.txt', `Weight\tSelf Weight\tSymbol Names\n1.00 ms  100.0%\t1.00 ms\t${'x'.repeat(1_100_000)}\n`);
    await expect(analyzeTraceFile(p)).rejects.toThrow(/long\.txt:line 2: a line longer than 1048576 bytes/);
  });

  it('formats bytes as Instruments does', () => {
    expect([429.93 * 2 ** 20, 1536, 512, 0, 3 * 2 ** 30].map(formatInstrumentsBytes)).toEqual(['429.93 MB', '1.50 KB', '512 Bytes', '0 Bytes', '3.00 GB']);
  });

  it('reads the same tree from UTF-16 (a copy saved by a Windows editor), gzip and a UTF-8 BOM', async () => {
    const text = readFileSync('fixtures/traces/deep-copy-instruments16-time.txt', 'utf8');
    const want = (await analyzeTraceFile('fixtures/traces/deep-copy-instruments16-time.txt')).profiles[0];
    const utf16 = join(dir, 'utf16.txt');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const gz = join(dir, 'copy.txt.gz');
    writeFileSync(gz, gzipSync(Buffer.from(text)));
    const bom = join(dir, 'bom.txt');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    for (const p of [utf16, gz, bom]) expect((await analyzeTraceFile(p)).profiles[0], p).toEqual(want);
  });

  it('has no times, so no budget', async () => {
    await expect(analyzeTraceFile('fixtures/traces/deep-copy-instruments16-time.txt', { budgetMs: 30 })).rejects.toThrow(/--budget-ms needs interval tables/);
  });
});
