/**
 * The input registry: every kind told by content, and a file given to the wrong command or flag
 * refused with exit 2 and one line saying what it is and what takes it, from a file, from stdin,
 * gzipped or UTF-16, and as a step's file in a manifest.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { headOf } from '../../src/inputs/head.js';
import { DEEP_COPY_HEADER as PARSER_HEADER } from '../../src/trace/deepcopy.js';
import { DEEP_COPY_HEADER as SNIFF_HEADER } from '../../src/trace/sniff-kinds.js';
import { identify, INPUT_KINDS } from '../../src/inputs/registry.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'registry-'));
const write = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

const MANIFEST = 'fixtures/demo/pipeline.json';
const BUDGET = 'fixtures/budgets/watch.json';
const REPORT = 'fixtures/budgets/reports/pr.json';
const EXPORT = 'fixtures/traces/coreml-os-signpost.xml';
const TOC = 'fixtures/traces/coreml-toc.xml';
const DEEP_COPY = 'fixtures/traces/deep-copy-instruments16-time.txt';
const LOG = 'fixtures/logs/tf2-keras-success.log';

async function kindOf(path: string): Promise<string | null> {
  const { head } = await headOf(path);
  return head ? (identify(head)?.id ?? null) : null;
}

describe('every kind is told by its content', () => {
  const cases: [string, string][] = [
    [MANIFEST, 'pipeline-manifest'],
    [BUDGET, 'budget'],
    ['fixtures/budgets/matrix.json', 'budget'],
    [REPORT, 'report-json'],
    [EXPORT, 'xctrace-export'],
    [TOC, 'xctrace-toc'],
    [DEEP_COPY, 'deep-copy'],
    [LOG, 'conversion-log'],
    ['fixtures/logs/optimize-palettize.log', 'conversion-log'],
  ];
  for (const [file, kind] of cases) it(`${file}: ${kind}`, async () => expect(await kindOf(file)).toBe(kind));

  it('our own outputs, gzip, UTF-16, a zip and binary data', async () => {
    const json = async (args: string[]) => write(`out-${args[0]}.json`, (await runCli([...args, '--json'])).stdout);
    expect(await kindOf(await json(['log', LOG]))).toBe('log-json');
    expect(await kindOf(await json(['trace', EXPORT]))).toBe('trace-json');
    expect(await kindOf(await json(['gate', '--report', REPORT, '--budget', BUDGET]))).toBe('gate-json');
    expect(await kindOf(write('m.json.gz', gzipSync(readFileSync(MANIFEST))))).toBe('pipeline-manifest');
    expect(await kindOf(write('t16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(EXPORT, 'utf8'), 'utf16le')])))).toBe('xctrace-export');
    expect(await kindOf(write('a.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])))).toBe('zip');
    expect(await kindOf(write('b.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])))).toBe('binary');
  });

  it('free text and a log that starts like an array are not JSON', async () => {
    expect(await kindOf(write('notes.txt', 'nothing to see here\n'))).toBeNull();
    expect(await kindOf(write('ts.log', '[2024-07-07 18:31:13] ERROR - ops.py - converting the model\n'))).toBeNull();
    expect(await kindOf(write('empty.json', '[]'))).toBe('json');
  });

  it("the Deep Copy sniffer's header is the parser's", () => expect(SNIFF_HEADER.source).toBe(PARSER_HEADER.source));

  it('every kind says what it is and what takes it', () => {
    for (const k of INPUT_KINDS) {
      expect(k.what.length, k.id).toBeGreaterThan(3);
      if (!k.generic) expect(k.takenBy.length, k.id).toBeGreaterThan(3);
    }
    expect(new Set(INPUT_KINDS.map((k) => k.id)).size).toBe(INPUT_KINDS.length);
  });
});

describe('a file given to the wrong command is refused: exit 2, one line, what it is, what takes it', () => {
  const cases: [string, string[], RegExp][] = [
    ['a manifest to log', ['log', MANIFEST], /pipeline\.json: this is a pipeline manifest \(JSON with "steps"\), not a coremltools conversion log: use coreml-doctor report FILE, or coreml-doctor gate FILE$/],
    ['an export to log', ['log', EXPORT], /coreml-os-signpost\.xml: this is an Instruments export \(`xctrace export` XML\), not a coremltools conversion log: use coreml-doctor trace FILE/],
    ['a Deep Copy to log', ['log', DEEP_COPY], /this is a Deep Copy of an Instruments call tree, not a coremltools conversion log: use coreml-doctor trace FILE$/],
    ['a report JSON to log', ['log', REPORT], /pr\.json: this is the JSON of `coreml-doctor report --json`, not a coremltools conversion log: use coreml-doctor gate --report FILE/],
    ['a budget to log', ['log', BUDGET], /watch\.json: this is a coreml-doctor budget \(JSON\), not a coremltools conversion log: use coreml-doctor gate --budget FILE/],
    ['a conversion log to trace', ['trace', LOG], /tf2-keras-success\.log: this is a coremltools conversion log, not an Instruments export: use coreml-doctor log FILE/],
    ['a manifest to trace', ['trace', MANIFEST], /this is a pipeline manifest \(JSON with "steps"\), not an Instruments export: use coreml-doctor report FILE/],
    ['a budget to report', ['report', BUDGET], /watch\.json: this is a coreml-doctor budget \(JSON\), not a pipeline manifest: use coreml-doctor gate --budget FILE, or "budget": "FILE" in a pipeline manifest$/],
    ['a report JSON to report', ['report', REPORT], /this is the JSON of `coreml-doctor report --json`, not a pipeline manifest: use coreml-doctor gate --report FILE \(or --baseline FILE\)$/],
    ['a log to report', ['report', LOG], /this is a coremltools conversion log, not a pipeline manifest: use coreml-doctor log FILE/],
    ['a manifest as --baseline', ['gate', '--report', REPORT, '--budget', BUDGET, '--baseline', MANIFEST], /pipeline\.json: this is a pipeline manifest \(JSON with "steps"\), not a report JSON/],
    ["trace's JSON to log", ['log', 'OUT_TRACE_JSON'], /this is the JSON output of `coreml-doctor trace`, not a coremltools conversion log: use coreml-doctor trace on the export it was made from$/],
  ];
  for (const [what, args, re] of cases) {
    it(what, async () => {
      if (args.includes('OUT_TRACE_JSON')) args[args.indexOf('OUT_TRACE_JSON')] = write('trace.json', (await runCli(['trace', EXPORT, '--json'])).stdout);
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^coreml-doctor: /);
      expect(r.stderr.trim()).toMatch(re);
    });
  }

  it('other XML (gate\'s JUnit) to log', async () => {
    const junit = write('junit.xml', (await runCli(['gate', '--report', REPORT, '--budget', BUDGET, '--reporter', 'junit'])).stdout);
    const r = await runCli(['log', junit]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`coreml-doctor: ${junit}: this is an XML document, not a coremltools conversion log`);
  });

  it('from stdin too; and what is read for the check reaches the reader whole', async () => {
    const refused = await runCli(['log', '-'], { stdin: readFileSync(MANIFEST) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^coreml-doctor: <stdin>: this is a pipeline manifest/);
    const big = readFileSync(LOG, 'utf8').repeat(20);
    const viaStdin = await runCli(['log', '-', '--json'], { stdin: big });
    const viaFile = await runCli(['log', write('big.log', big), '--json']);
    expect(viaStdin.code).toBe(0);
    const strip = (s: string) => ({ ...JSON.parse(s), source: null });
    expect(strip(viaStdin.stdout)).toEqual(strip(viaFile.stdout));
  });

  it('gzipped and UTF-16 inputs are told by what they hold', async () => {
    const r = await runCli(['log', write('m.gz', gzipSync(readFileSync(MANIFEST)))]);
    expect(r.stderr).toMatch(/this is a pipeline manifest/);
    const u = await runCli(['log', write('u16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(EXPORT, 'utf8'), 'utf16le')]))]);
    expect(u.stderr).toMatch(/this is an Instruments export/);
  });

  it("a step's log that is really something else is refused, named as the manifest writes it", async () => {
    writeFileSync(join(dir, 'other.json'), readFileSync(MANIFEST));
    const m = write('p.json', JSON.stringify({ steps: [{ name: 'fp32', sizeBytes: 1, log: 'other.json' }, { name: 'fp16', trace: 'conv.log' }] }));
    writeFileSync(join(dir, 'conv.log'), readFileSync(LOG));
    const r = await runCli(['report', m]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('coreml-doctor: other.json: this is a pipeline manifest (JSON with "steps"), not a coremltools conversion log: use coreml-doctor report FILE, or coreml-doctor gate FILE');
    const t = write('q.json', JSON.stringify({ steps: [{ name: 'fp16', trace: 'conv.log' }] }));
    expect((await runCli(['report', t])).stderr.trim()).toBe('coreml-doctor: conv.log: this is a coremltools conversion log, not an Instruments export: use coreml-doctor log FILE, or "log" in a manifest step');
  });

  it('what the right command reads still works: no kind is refused by its own reader', async () => {
    expect((await runCli(['log', LOG])).code).toBe(0);
    expect((await runCli(['trace', EXPORT])).code).toBe(0);
    expect((await runCli(['trace', DEEP_COPY])).code).toBe(0);
    expect((await runCli(['trace', TOC])).code).toBe(0);
    expect((await runCli(['report', MANIFEST])).code).toBe(0);
    expect([0, 1]).toContain((await runCli(['gate', '--report', REPORT, '--budget', BUDGET, '--baseline', 'fixtures/budgets/reports/main.json'])).code);
  });
});
