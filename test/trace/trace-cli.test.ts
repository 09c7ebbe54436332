import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../src/render/trace/progress.js';
import { runCli } from '../helpers/cli.js';

const TAGGED = 'fixtures/traces/tagged-backtrace-coreml.xml';
const COREML = 'fixtures/traces/coreml-os-signpost.xml';
const dir = mkdtempSync(join(tmpdir(), 'trace-cli-'));
const write = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

describe('coreml-doctor trace', () => {
  it('prints where the time goes, on stdout only, without colour off a terminal', async () => {
    const r = await runCli(['trace', TAGGED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Trace ${TAGGED} (xctrace export)`);
    expect(lines[2]).toBe('Profile time-profile (run 1, table 14)  weights: CPU time');
    // Wrapped at 80 columns.
    expect(lines[3]).toBe('  12 samples · 13.00 ms in all · 1.00 ms without a stack (7.7 %) · 2 threads ·');
    expect(lines[4]).toBe('    over 12.00 ms');
    expect(r.stdout).toMatch(/│ Neural Engine \(CPU side\)\s+│ 3\.00 ms │ 23\.1 % │/);
    // At 80 columns the binary column is left out, and the note says so (--json has it).
    expect(r.stdout).toMatch(/│ 3\.00 ms │ 23\.1 % │ 3\.00 ms │ 23\.1 % │ mach_msg2_trap\s+│\n/);
    expect(r.stdout).toContain('  (not shown at 80 columns: Binary; see --json)');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['trace', TAGGED], { isTTY: true })).stdout).toMatch(/\u001b\[1m/);
  });

  it('writes the versioned JSON shape, without in-memory arrays, and the call tree only when asked', async () => {
    const r = await runCli(['trace', 'fixtures/traces/multi-node.xml', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.format).toBe('xctrace-export');
    const p = j.profiles[0];
    for (const k of ['run', 'table', 'unit', 'samples', 'totalWeight', 'noStackWeight', 'topFrames', 'binaries', 'threads', 'engines']) expect(p).toHaveProperty(k);
    expect(Object.keys(p.topFrames[0])).toEqual(['name', 'binary', 'self', 'total']);
    expect(p).not.toHaveProperty('callTree');
    const i = j.intervals[0];
    for (const k of ['run', 'table', 'label', 'count', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs']) expect(i).toHaveProperty(k);
    expect(i).not.toHaveProperty('durationsMs');
    expect(i).not.toHaveProperty('startsNs');
    expect(j.warnings).toEqual([]);
    const t = JSON.parse((await runCli(['trace', TAGGED, '--json', '--tree'])).stdout);
    expect(t.profiles[0].callTree.children[0].name).toBe('start');
  });

  it('writes collapsed stacks for flame-graph tools', async () => {
    const r = await runCli(['trace', TAGGED, '--format', 'folded']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      'start;main;VisionApp.Detector.run(_:);-[MLNeuralNetworkEngine predictionFromFeatures:options:error:];Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int);-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:];mach_msg2_trap 3000000',
    );
    expect(lines).toContain('start;main;VisionApp.Tree.walk(_:);VisionApp.Tree.walk(_:);VisionApp.Tree.walk(_:) 1000000');
    expect(lines).toContain('(no stack) 1000000');
    expect(lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(13_000_000);
    const iv = await runCli(['trace', COREML, '--format', 'folded']);
    expect(iv.code).toBe(2);
    expect(iv.stderr).toMatch(/--format folded needs a profile/);
  });

  it('prints the call tree with --tree', async () => {
    const r = await runCli(['trace', TAGGED, '--tree', '--min-percent', '10']);
    expect(r.stdout).toContain('  Call tree  (nodes under 10 % folded)');
    expect(r.stdout).toMatch(/ 23\.1%\s+3\.00 ms\s+ mach_msg2_trap {2}\[libsystem_kernel\.dylib\] {2}self 3\.00 ms/);
    expect(r.stdout).toMatch(/ 7\.7%\s+1\.00 ms\s+\(no stack\)/);
    // The root is every sample (13 ms), and says what share has no stack (1 of 13 ms).
    expect(r.stdout).toContain('  100.0%   13.00 ms  (all samples)  · 7.7 % without a stack (1.00 ms, the last line)\n');
    const clean = await runCli(['trace', 'fixtures/traces/multi-run.xml', '--tree', '--run', '1']);
    expect(clean.stdout).toMatch(/\n {2}100\.0%\s+\S+ ms {2}\(all samples\)\n/);
  });

  it('writes Markdown with every name escaped', async () => {
    const hostile = readFileSync(TAGGED, 'utf8').replace('name="BNNSFilterApply"', 'name="evil|`x`&lt;img src=x onerror=alert(1)&gt;"');
    const r = await runCli(['trace', write('hostile.xml', hostile), '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### Trace `/);
    // Inside a code span the markup is shown, never rendered; the pipe cannot end the table cell.
    expect(r.stdout).toContain('| ``evil\\|`x`<img src=x onerror=alert(1)>`` | libBNNS.dylib |');
    expect(r.stdout.split('<img')).toHaveLength(2);
    expect(r.stdout).toContain('| Neural Engine (CPU side) | 3.00 ms | 23.1 % |');
  });

  it('keeps control characters from the file off the terminal', async () => {
    const evil = readFileSync(TAGGED, 'utf8').replace('name="BNNSFilterApply"', 'name="BNNS&#27;[2J&#7;Apply"');
    const r = await runCli(['trace', write('esc.xml', evil)]);
    expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(r.stdout).toContain('BNNS\\x1b[2J\\x07Apply');
  });

  describe('budgets', () => {
    it('exits 1 when an inference is over --budget-ms, 0 when none is', async () => {
      const over = await runCli(['trace', COREML, '--budget-ms', '33']);
      expect(over.code).toBe(1);
      expect(over.stdout).toMatch(/│ ▶ Prediction \/ FaceDetector\s+│\s+7 │.*│ 40\.20 │    1 │/);
      expect((await runCli(['trace', COREML, '--budget-ms', '41'])).code).toBe(0);
      // Only inferences count by default: the 150 ms Compile interval is not one.
      expect((await runCli(['trace', 'fixtures/traces/ane-hw-intervals.xml', '--budget-ms', '33'])).code).toBe(0);
    });

    it('judges the label --interval names', async () => {
      expect((await runCli(['trace', COREML, '--budget-ms', '3', '--interval', 'CPU / FaceDetector'])).code).toBe(1);
      expect((await runCli(['trace', COREML, '--budget-ms', '3.5', '--interval', 'CPU'])).code).toBe(0);
      const bad = await runCli(['trace', COREML, '--budget-ms', '3', '--interval', 'Nope']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--interval "Nope" names no interval label; the labels are: "Prediction \/ FaceDetector", "CPU \/ FaceDetector"/);
    });

    it('--interval names the event part of a label, case-insensitively: every model\'s predictions', async () => {
      // Prediction / FaceDetector has a 40.2 ms interval, Prediction / Embedder at most 5.5 ms.
      expect((await runCli(['trace', COREML, '--budget-ms', '33', '--interval', 'prediction'])).code).toBe(1);
      expect((await runCli(['trace', COREML, '--budget-ms', '41', '--interval', 'Prediction'])).code).toBe(0);
      expect((await runCli(['trace', COREML, '--budget-ms', '5', '--interval', 'prediction / embedder'])).code).toBe(1);
      const model = await runCli(['trace', COREML, '--budget-ms', '33', '--interval', 'FaceDetector']);
      expect(model.code).toBe(2);
      expect(model.stderr).toBe('coreml-doctor: --interval "FaceDetector" matches intervals of different events: "Prediction / FaceDetector", "CPU / FaceDetector", "GPU Request / FaceDetector"; name one of them\n');
    });
  });

  describe('interval groups', () => {
    const METAL = 'fixtures/traces/metal-gpu-intervals.xml';

    it('says which columns the groups come from, within 80 columns', async () => {
      const r = await runCli(['trace', METAL]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('  metal-gpu-intervals (run 1, table 31)  60 intervals in 4 groups\n    grouped by channel-name (gpu-channel-name) · process · event-depth\n    (metal-nesting-level): the metal-gpu-intervals rule\n');
      expect(r.stdout).toMatch(/│ Compute \/ VisionApp \(873\) \/ depth 1 │\s+12 │/);
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      const md = (await runCli(['trace', METAL, '--format', 'markdown'])).stdout;
      expect(md).toContain('`metal-gpu-intervals (run 1, table 31)`: grouped by channel-name (gpu-channel-name) · process · event-depth (metal-nesting-level): the metal-gpu-intervals rule');
      const j = JSON.parse((await runCli(['trace', METAL, '--json'])).stdout);
      expect(j.intervals[0]).toMatchObject({ groupedBy: ['channel-name (gpu-channel-name)', 'process', 'event-depth (metal-nesting-level)'], groupRule: 'the metal-gpu-intervals rule' });
    });

    it('--group-by picks the columns; an unknown one exits 2 and lists the columns', async () => {
      const r = await runCli(['trace', METAL, '--group-by', 'process,channel-name']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('grouped by process · channel-name (gpu-channel-name): --group-by');
      expect(r.stdout).toMatch(/│ VisionApp \(873\) \/ Compute\s+│\s+36 │/);
      const bad = await runCli(['trace', METAL, '--group-by', 'encoder']);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^coreml-doctor: --group-by "encoder" names no column of the interval tables: metal-gpu-intervals has start \(start-time\), duration, channel-name \(gpu-channel-name\), .*, encoder-id \(metal-command-buffer-id\), gpu-submission-id \(uint64\)\n$/);
    });

    it('reads a Deep Copy without keeping its tree unless an output needs it', async () => {
      const folded = await runCli(['trace', 'fixtures/traces/deep-copy-instruments16-time.txt', '--format', 'folded']);
      expect(folded.stdout).toContain('start;main;VisionApp.Detector.run(_:);VisionApp.Preprocess.resize(_:) 150000\n');
      const tree = await runCli(['trace', 'fixtures/traces/deep-copy-instruments16-time.txt', '--tree']);
      expect(tree.stdout).toMatch(/VisionApp\.Tree\.walk\(_:\)  self 100\.00 ms/);
      const json = JSON.parse((await runCli(['trace', 'fixtures/traces/deep-copy-instruments16-time.txt', '--json'])).stdout);
      expect(json.profiles[0].callTree).toBeUndefined();
      expect(json.profiles[0].engines.app).toBe(400);
    });
  });

  it('reads stdin with -, a UTF-8 BOM, gzip, and UTF-16', async () => {
    const xml = readFileSync(TAGGED);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.toString('utf8'), 'utf16le')]);
    for (const input of [xml, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml]), gzipSync(xml), utf16]) {
      const r = await runCli(['trace', '-', '--json'], { stdin: input });
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.source).toBe('<stdin>');
      expect(j.profiles[0].totalWeight).toBe(13_000_000);
      expect(j.profiles[0].threads[0].name).toBe('Main Thread (0x1b86) (VisionApp, pid: 873)');
    }
  });

  it('--strict: says where a truncated export ends, from a file (lines found after the fact) as from stdin (lines counted)', async () => {
    const fromFile = await runCli(['trace', 'fixtures/traces/truncated.xml', '--strict']);
    const fromStdin = await runCli(['trace', '-', '--strict'], { stdin: readFileSync('fixtures/traces/truncated.xml') });
    expect([fromFile.code, fromStdin.code]).toEqual([2, 2]);
    expect(fromFile.stderr).toMatch(/truncated\.xml:line 6 \(byte 3199\): the file is truncated after 2 complete rows/);
    expect(fromStdin.stderr).toMatch(/<stdin>:line 6 \(byte 3199\): the file is truncated after 2 complete rows/);
  });

  describe('a truncated export (cut in the middle of its third row)', () => {
    it('shows what its complete rows say, flagged TRUNCATED at the byte, exit 0', async () => {
      const r = await runCli(['trace', 'fixtures/traces/truncated.xml']);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.slice(1, 3).join(' ').replace(/\s+/g, ' ')).toBe(' TRUNCATED at byte 3199 (line 6) in time-profile: what follows is what the 2 complete rows before it say (--strict: exit 2)');
      // The two complete rows: 1 ms each, one under the Neural Engine client, one in the app's resize.
      expect(r.stdout).toContain('  2 samples · 2.00 ms in all · 1 thread');
      expect(r.stdout).toMatch(/│ Neural Engine \(CPU side\) │ 1\.00 ms │ 50\.0 % │/);
      expect(r.stdout).toMatch(/│ 1\.00 ms │ 50\.0 % │ 1\.00 ms │ 50\.0 % │ VisionApp\.Preprocess\.resize\(_:\)/);
      expect(r.stderr).toBe(
        'coreml-doctor: warning: the export is truncated at byte 3199 (line 6) in time-profile (it ends inside the markup `<pr` inside <trace-query-result> > <node> > <row>): the results are what its 2 complete rows say; --strict makes this an error\n',
      );
    });

    it('says so in the JSON (a "truncated" field and the warning), and in folded output on stderr only', async () => {
      const j = JSON.parse((await runCli(['trace', 'fixtures/traces/truncated.xml', '--json'])).stdout);
      expect(j.truncated).toEqual({
        byte: 3199,
        line: 6,
        rows: 2,
        table: 'time-profile',
        tableRows: 2,
        message: 'the file is truncated after 2 complete rows of time-profile: it ends inside the markup `<pr` inside <trace-query-result> > <node> > <row>',
      });
      expect(j.warnings[0]).toMatch(/^the export is truncated at byte 3199/);
      expect(j.profiles[0]).toMatchObject({ samples: 2, totalWeight: 2_000_000 });
      const f = await runCli(['trace', 'fixtures/traces/truncated.xml', '--format', 'folded']);
      expect(f.code).toBe(0);
      expect(f.stdout.trimEnd().split('\n')).toHaveLength(2);
      expect(f.stderr).toMatch(/warning: the export is truncated at byte 3199/);
    });

    it('from stdin too (lines counted while reading)', async () => {
      const r = await runCli(['trace', '-', '--json'], { stdin: readFileSync('fixtures/traces/truncated.xml') });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).truncated).toMatchObject({ byte: 3199, line: 6, rows: 2 });
    });

    it('with no complete row there is nothing to show: exit 2 as before', async () => {
      const head = readFileSync('fixtures/traces/truncated.xml', 'utf8');
      const r = await runCli(['trace', write('cut-early.xml', head.slice(0, head.indexOf('<row>') + 40))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cut-early\.xml:line \d+ \(byte \d+\): the file is truncated after 0 complete rows of time-profile/);
    });
  });

  it('warns on stderr, and keeps the warnings in the JSON', async () => {
    const dangling = readFileSync(TAGGED, 'utf8').replace('<thread-state ref="8"/><weight ref="9"/><tagged-backtrace ref="28"/>', '<thread-state ref="8"/><weight ref="9"/><tagged-backtrace ref="999"/>');
    const r = await runCli(['trace', write('dangling.xml', dangling), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^coreml-doctor: warning: 1 ref\(s\) point to an id not defined before them \(xctrace defines every id before its refs; first: ref="999" at line 15\)/);
    expect(JSON.parse(r.stdout).warnings).toHaveLength(1);
    expect(JSON.parse(r.stdout).profiles[0].noStackWeight).toBe(2_000_000);
  });

  it('shows no progress bar off a terminal, nor for small files on one', async () => {
    expect((await runCli(['trace', TAGGED])).stderr).toBe('');
    expect((await runCli(['trace', TAGGED], { isTTY: true })).stderr).toBe('');
  });

  describe('bad input: one line, exit 2, no stack trace', () => {
    const bundle = join(dir, 'Recording 3.trace');
    mkdirSync(bundle, { recursive: true });
    writeFileSync(join(bundle, 'form.template'), 'bplist00');
    const cases: [string, () => string[], RegExp][] = [
      [
        'a .trace bundle',
        () => ['trace', bundle],
        /Recording 3\.trace: is a directory \(an Instruments \.trace bundle, which only Instruments reads: on a Mac run `xcrun xctrace export --input 'Recording 3\.trace' --toc > toc\.xml`/,
      ],
      ['a truncated export with --strict', () => ['trace', 'fixtures/traces/truncated.xml', '--strict'], /truncated\.xml:line 6 \(byte 3199\): the file is truncated after 2 complete rows of time-profile: it ends inside the markup `<pr` inside <trace-query-result> > <node> > <row>/],
      ['our own JSON', () => ['trace', write('out.json', '{"schemaVersion": 1, "source": "x", "profiles": [], "intervals": []}')], /out\.json: this is coreml-doctor trace's own JSON output/],
      ['a Chrome trace', () => ['trace', write('chrome.json', '{"traceEvents": []}')], /chrome\.json: this is a Chrome \/ Perfetto trace \(JSON\)/],
      ['an empty file', () => ['trace', write('empty.xml', '')], /empty\.xml: the file is empty/],
      ['a zip', () => ['trace', write('t.trace.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))], /t\.trace\.zip: a zip archive \(a zipped \.trace bundle\?\)/],
      ['other XML', () => ['trace', write('plist.xml', '<?xml version="1.0"?><plist version="1.0"><dict/></plist>')], /plist\.xml:line 1: the root element is <plist>, not <trace-query-result> or <trace-toc>/],
      ['plain text', () => ['trace', write('notes.txt', 'hello\nworld\n')], /notes\.txt:line 1: not an Instruments export: it starts with `hello`/],
      [
        'a table trace does not read',
        () => ['trace', write('kdebug.xml', `<trace-query-result><node><schema name="kdebug"><col><mnemonic>time</mnemonic><name>Time</name><engineering-type>event-time</engineering-type></col></schema><row><event-time>1</event-time></row></node></trace-query-result>`)],
        /kdebug\.xml: holds no table that trace reads: it holds kdebug \(1 rows\); expected a profile \(time-profile/,
      ],
      ['a bad --run', () => ['trace', TAGGED, '--run', 'x'], /--run takes a positive whole number, not "x"/],
      ['a bad --budget-ms', () => ['trace', COREML, '--budget-ms', '-4'], /--budget-ms takes a positive number, not "-4"/],
      ['a missing file', () => ['trace', join(dir, 'nope.xml')], /nope\.xml: no such file; expected an Instruments export/],
    ];
    for (const [what, args, re] of cases) {
      it(what, async () => {
        const r = await runCli(args());
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^coreml-doctor: /);
        expect(r.stderr).toMatch(re);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      });
    }
  });
});

describe('ProgressBar', () => {
  it('redraws in place at most every 100 ms and clears itself', () => {
    let out = '';
    let now = 0;
    const bar = new ProgressBar({ write: (s: string) => (out += s), columns: 60 }, 'Reading', () => now);
    bar.update(10 << 20, 100 << 20);
    now = 50;
    bar.update(20 << 20, 100 << 20); // too soon: not drawn
    now = 1000;
    bar.update(50 << 20, 100 << 20);
    const frames = out.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^Reading \[#+\.+\]  50% 52\.43 MB of 104\.86 MB, /);
    expect(frames.every((f) => f.length === 59)).toBe(true);
    bar.done();
    expect(out.endsWith('\r' + ' '.repeat(59) + '\r')).toBe(true);
  });
});
