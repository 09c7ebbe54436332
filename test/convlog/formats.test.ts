/**
 * Every shape a conversion log arrives in: our fixtures in fixtures/logs (written in the formats
 * coremltools, tqdm, IPython, pytest and onnx-coreml print), and encodings made on the fly.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeText, openText, STDIN_NAME } from '../../src/core/input.js';
import { parseConversionLog, parseConversionLogText } from '../../src/convlog/parser.js';

const fixture = (name: string) => `fixtures/logs/${name}`;
const parseFile = async (path: string) => parseConversionLog(await openText(path, { what: 'log' }));
const parseBytes = async (bytes: Buffer) =>
  parseConversionLog(await decodeText({ name: STDIN_NAME, size: bytes.length, chunks: Readable.from([bytes]) }, 'log'));

describe('frontends and tools', () => {
  it('TensorFlow 2: stages of a successful conversion, and the TF version it was not tested with', async () => {
    const log = await parseFile(fixture('tf2-keras-success.log'));
    expect(log).toMatchObject({ frontend: 'tensorflow', frontendVariant: 'tf2', outcome: 'converted', unsupportedOps: [] });
    expect(log.stages.map((s) => [s.name, s.done, s.total])).toEqual([
      ['Running TensorFlow Graph Passes', 6, 6],
      ['Converting TF Frontend ==> MIL Ops', 312, 312],
      ['Running MIL frontend_tensorflow2 pipeline', 7, 7],
      ['Running MIL default pipeline', 71, 71],
      ['Running MIL backend_mlprogram pipeline', 12, 12],
    ]);
    expect(log.versions.tensorflow).toBe('2.15.0');
    expect(log.coremltools).toMatchObject({ value: '6.3+', line: 3 });
    // TF C++ log lines are noise, not diagnostics.
    expect(log.diagnostics.map((d) => d.id)).toEqual(['env.untested-library-version']);
  });

  it('onnx-coreml: node-by-node progress says which node type failed and how far it got', async () => {
    const log = await parseFile(fixture('onnx-coreml-upsample.log'));
    expect(log).toMatchObject({ frontend: 'onnx', frontendVariant: 'onnx-coreml', outcome: 'failed' });
    expect(log.unsupportedOps).toHaveLength(1);
    expect(log.unsupportedOps[0]).toMatchObject({ op: 'Upsample', frontend: 'onnx', status: 'failed' });
    expect(log.failure).toMatchObject({ exceptionType: 'TypeError', opIndex: 57, opTotal: 110 });
    expect(log.versions.python).toBe('3.7');
  });

  it('Jupyter: ANSI-coloured IPython frames are code, the chained exception is the failure', async () => {
    const log = await parseFile(fixture('jupyter-chained-ansi.log'));
    expect(log.outcome).toBe('failed');
    expect(log.failure).toMatchObject({ exceptionType: 'NotImplementedError', message: "'sampling_mode' not supported.", chained: 1, op: 'grid_sampler', node: 'flow/warp', opIndex: 413 });
    expect(log.unsupportedOps.map((o) => [o.op, o.status, o.nodes])).toEqual([['grid_sampler', 'failed', ['flow/warp']]]);
    expect(log.unsupportedOps[0]?.cause).toBe("NotImplementedError: 'sampling_mode' not supported.");
    // Nothing from the quoted source lines (`GRID_SAMPLE_MODES[mode]`, `raise NotImplementedError(...)`).
    for (const d of log.diagnostics) expect(d.message).not.toMatch(/GRID_SAMPLE_MODES|raise/);
    expect(log.coremltoolsVersion).toBe('7.2+');
  });

  it('pytest: captured log lines, the E-marked exception and the short summary', async () => {
    const log = await parseFile(fixture('pytest-captured.log'));
    expect(log.unsupportedOps).toHaveLength(1);
    expect(log.unsupportedOps[0]).toMatchObject({ op: 'upsample_bicubic2d', status: 'unsupported', nodes: ['backbone/resize'] });
    expect(log.failure?.exceptionType).toBe('NotImplementedError');
    expect(log.versions.torch).toBe('2.7.1+cpu');
    expect(log.coremltoolsVersion).toBe('9.0');
    expect(log.platform).toBe('Linux or Windows');
  });

  it('ct.optimize: compression passes are stages and a completed pass is an outcome', async () => {
    const log = await parseFile(fixture('optimize-palettize.log'));
    expect(log.outcome).toBe('converted');
    expect(log.stages.map((s) => s.kind)).toEqual(['compression', 'compression']);
  });
});

describe('encodings and line shapes', () => {
  const failing = "Converting PyTorch Frontend ==> MIL Ops:  50%|█████     | 1/2 [00:00<00:00, 10.00 ops/s]\nRuntimeError: PyTorch convert function for op 'pythonop' not implemented.\n";

  it('UTF-16LE with a BOM (PowerShell `>`), UTF-16BE, and UTF-16LE without a BOM', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(failing, 'utf16le')]);
    const be = Buffer.from(Buffer.from('\ufeff' + failing, 'utf16le').swap16());
    const bare = Buffer.from(failing, 'utf16le');
    for (const bytes of [le, be, bare]) {
      const log = await parseBytes(bytes);
      expect(log.unsupportedOps.map((o) => o.op)).toEqual(['pythonop']);
      expect(log.stages[0]).toMatchObject({ done: 1, total: 2 });
    }
  });

  it('gzip-compressed logs are read as text', async () => {
    const log = await parseBytes(gzipSync(Buffer.from(failing)));
    expect(log.unsupportedOps.map((o) => o.op)).toEqual(['pythonop']);
  });

  it('a line of many megabytes is read in part, flagged, and the lines after it still count', async () => {
    const huge = 'x'.repeat(6 * 1024 * 1024);
    const log = await parseBytes(Buffer.from(`${huge}\n${failing}`));
    expect(log.truncatedLines).toBe(1);
    expect(log.unsupportedOps[0]?.lines).toEqual([3]);
  });

  it('a chunk boundary inside CRLF or inside a multi-byte character changes nothing', async () => {
    const text = failing.replace(/\n/g, '\r\n');
    const whole = parseConversionLogText(text);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const log = await parseConversionLog(await decodeText({ name: 'x', size: bytes.length, chunks: Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]) }, 'log'));
      expect(log.unsupportedOps).toEqual(whole.unsupportedOps);
      expect(log.stages).toEqual(whole.stages);
    }
  });

  it('the same file through the CLI path: the demo log is unchanged by its encoding', async () => {
    const demo = readFileSync('fixtures/demo/logs/00-first-attempt.log');
    const a = await parseBytes(demo);
    const b = await parseBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), demo]));
    expect(b.unsupportedOps).toEqual(a.unsupportedOps);
    expect(b.diagnostics.map((d) => [d.id, d.line, d.count])).toEqual(a.diagnostics.map((d) => [d.id, d.line, d.count]));
  });
});
