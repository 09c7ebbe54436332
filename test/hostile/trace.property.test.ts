/**
 * Hostile and generated input for `trace`: arbitrary bytes give a TraceAnalysis or a clean input
 * error; generated xctrace exports (id/ref dedup, sentinels, hostile names) keep the invariants,
 * checked against totals the generator computes on its own.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/core/errors.js';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { escapeXml } from '../../src/core/escape.js';

const RUNS = { numRuns: 150, seed: 20261125 };

const analyzeBytes = (bytes: Buffer | string, opts: Parameters<typeof analyzeTraceFile>[1] = {}) =>
  analyzeTraceFile('-', { ...opts, stdin: Readable.from([typeof bytes === 'string' ? Buffer.from(bytes) : bytes]) });

const cleanError = (e: unknown) => e instanceof InputError || e instanceof UsageError;

const SCHEMA_TP = `<schema name="time-profile"><col><mnemonic>time</mnemonic><name>Sample Time</name><engineering-type>sample-time</engineering-type></col><col><mnemonic>thread</mnemonic><name>Thread</name><engineering-type>thread</engineering-type></col><col><mnemonic>weight</mnemonic><name>Weight</name><engineering-type>weight</engineering-type></col><col><mnemonic>stack</mnemonic><name>Backtrace</name><engineering-type>backtrace</engineering-type></col></schema>`;
const SCHEMA_IV = `<schema name="ane-hw-intervals"><col><mnemonic>start</mnemonic><name>Start</name><engineering-type>start-time</engineering-type></col><col><mnemonic>duration</mnemonic><name>Duration</name><engineering-type>duration</engineering-type></col><col><mnemonic>label</mnemonic><name>Label</name><engineering-type>formatted-label</engineering-type></col></schema>`;

/** Frame names a report must survive: markup, entities, prototype keys, control characters. */
const NAMES = ['main', '__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', 'a&b "q" \'s\'', 'Espresso::ANERuntimeEngine::__forward_segment', 'x|y`z', '=HYPERLINK("x")', 'caf\u00e9 \u{1F600}'];
const BINARIES = ['VisionApp', 'Espresso', 'AppleNeuralEngine', 'libsystem_kernel.dylib', '__proto__'];

interface Sample {
  weight: number;
  stack: number[] | null; // indexes into NAMES, leaf first
  bin: number;
}

/** Writes a time-profile export the way xctrace does: first occurrence with id, later ones by ref. */
function timeProfileXml(samples: Sample[]): string {
  let next = 1;
  const ids = new Map<string, number>();
  const ref = (key: string, make: (id: number) => string): string => {
    const have = ids.get(key);
    if (have !== undefined) return `<${key.split(':')[0]} ref="${have}"/>`;
    const id = next++;
    ids.set(key, id);
    return make(id);
  };
  const rows = samples.map((s, i) => {
    const t = `<sample-time id="${next++}" fmt="x">${1_000_000 * (i + 1)}</sample-time>`;
    const th = ref('thread:main', (id) => `<thread id="${id}" fmt="Main Thread"><tid id="${next++}">7046</tid><process id="${next++}" fmt="VisionApp (873)"><pid id="${next++}">873</pid></process></thread>`);
    const w = ref(`weight:${s.weight}`, (id) => `<weight id="${id}" fmt="x">${s.weight}</weight>`);
    let st: string;
    if (!s.stack) st = '<sentinel/>';
    else {
      st = ref(`backtrace:${s.stack.join(',')}:${s.bin}`, (id) => {
        const frames = (s.stack as number[])
          .map((f) =>
            ref(`frame:${f}:${s.bin}`, (fid) => {
              const bin = ref(`binary:${s.bin}`, (bid) => `<binary id="${bid}" name="${escapeXml(BINARIES[s.bin] as string)}" path="/x/${escapeXml(BINARIES[s.bin] as string)}"/>`);
              return `<frame id="${fid}" name="${escapeXml(NAMES[f] as string)}" addr="0x${(0x1000 + f).toString(16)}">${bin}</frame>`;
            }),
          )
          .join('');
        return `<backtrace id="${id}">${frames}</backtrace>`;
      });
    }
    return `<row>${t}${th}${w}${st}</row>`;
  });
  return `<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[1]'>${SCHEMA_TP}\n${rows.join('\n')}\n</node>\n</trace-query-result>\n`;
}

const sampleArb = fc.record({
  weight: fc.constantFrom(1_000_000, 1_000_000, 250_000, 2_000_000),
  stack: fc.option(fc.array(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 1, maxLength: 6 }), { freq: 8 }),
  bin: fc.integer({ min: 0, max: BINARIES.length - 1 }),
});

describe('trace under hostile input', () => {
  it('arbitrary bytes: a TraceAnalysis or a clean input error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), async (bytes) => {
        try {
          const a = await analyzeBytes(Buffer.from(bytes));
          expect(a.schemaVersion).toBe(1);
        } catch (e) {
          expect(cleanError(e), String(e)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('arbitrary text after an xctrace header: a result or a clean input error', async () => {
    const piece = fc.constantFrom('<row>', '</row>', '<node>', '</node>', SCHEMA_TP, '<frame ref="99"/>', '<weight id="1">1</weight>', '<sentinel/>', '<backtrace id="2">', '</backtrace>', '<![CDATA[x]]>', '<!-- c -->', '&amp;', '&bogus;', '<', '>', '"', "'");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 40 }), async (parts) => {
        try {
          await analyzeBytes(`<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[1]'>${parts.join('')}`);
        } catch (e) {
          expect(cleanError(e), String(e)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('generated time profiles: totals are the sums of what was written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sampleArb, { minLength: 1, maxLength: 60 }), async (samples) => {
        const a = await analyzeBytes(timeProfileXml(samples), { top: 10_000 });
        const p = a.profiles[0];
        expect(p).toBeDefined();
        if (!p) return;
        const total = samples.reduce((n, s) => n + s.weight, 0);
        const noStack = samples.filter((s) => !s.stack).reduce((n, s) => n + s.weight, 0);
        expect(p.samples).toBe(samples.length);
        expect(p.totalWeight).toBe(total);
        expect(p.noStackWeight).toBe(noStack);
        // Self weights (leaf frames) add up to the weight of the samples that have a stack.
        expect(p.topFrames.reduce((n, f) => n + f.self, 0)).toBe(total - noStack);
        // Leaf weight per name, computed here on our own.
        const leaf = new Map<string, number>();
        for (const s of samples) if (s.stack) leaf.set(NAMES[s.stack[0] as number] as string, (leaf.get(NAMES[s.stack[0] as number] as string) ?? 0) + s.weight);
        for (const [name, w] of leaf) expect(p.topFrames.filter((f) => f.name === name).reduce((n, f) => n + f.self, 0)).toBe(w);
        // A frame's total is at least its self weight and at most the profile's total.
        for (const f of p.topFrames) {
          expect(f.total).toBeGreaterThanOrEqual(f.self);
          expect(f.total).toBeLessThanOrEqual(total);
        }
        expect(Object.values(p.engines).reduce((n, w) => n + w, 0)).toBe(total);
        expect(p.threads.reduce((n, t) => n + t.weight, 0)).toBe(total);
        expect(({} as Record<string, unknown>).ref).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('generated intervals: counts add up and p50 <= p90 <= p99 <= max', async () => {
    const dur = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 90_000_000 }) }, { weight: 1, arbitrary: fc.constant(0) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(dur, fc.constantFrom('Neural Engine Prediction', 'Compile', '__proto__')), { minLength: 1, maxLength: 80 }), async (rows) => {
        const body = rows
          .map(([d, label], i) => `<row><start-time id="${3 * i + 1}">${i * 100_000_000}</start-time><duration id="${3 * i + 2}">${d}</duration><formatted-label id="${3 * i + 3}" fmt="${escapeXml(label)}"/></row>`)
          .join('\n');
        const a = await analyzeBytes(`<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[2]'>${SCHEMA_IV}\n${body}\n</node>\n</trace-query-result>\n`);
        const valid = rows.filter(([d]) => d > 0);
        expect(a.intervals.reduce((n, s) => n + s.count, 0)).toBe(valid.length);
        for (const s of a.intervals) {
          expect(s.p50Ms).toBeLessThanOrEqual(s.p90Ms);
          expect(s.p90Ms).toBeLessThanOrEqual(s.p99Ms);
          expect(s.p99Ms).toBeLessThanOrEqual(s.maxMs);
          expect(s.minMs).toBeLessThanOrEqual(s.p50Ms);
          const mine = valid.filter(([, l]) => s.label.includes(l)).map(([d]) => d / 1e6);
          if (mine.length === s.count) expect(s.maxMs).toBeCloseTo(Math.max(...mine), 9);
        }
      }),
      RUNS,
    );
  });

  it('a DOCTYPE entity bomb is never expanded', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('\n');
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE trace-query-result [\n${lol}\n]>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[1]'>${SCHEMA_IV}\n<row><start-time id="1">0</start-time><duration id="2">5000000</duration><formatted-label id="3" fmt="&lol9;"/></row>\n</node>\n</trace-query-result>\n`;
    const a = await analyzeBytes(doc);
    const labels = a.intervals.map((i) => i.label).join('');
    expect(labels.length).toBeLessThan(100);
    expect(labels).not.toMatch(/(lol){3}/);
    expect(a.intervals.reduce((n, i) => n + i.count, 0)).toBe(1);
  });

  it('a JSON file where an export is expected says what it is', async () => {
    await expect(analyzeBytes('{"schemaVersion": 1, "steps": []}')).rejects.toThrow(/<stdin>.*JSON/);
  });

  it('an export of 700 MB streams through (V8 refuses strings over ~512 MB: no whole-file string)', async () => {
    const head = `<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[2]'>${SCHEMA_IV}\n`;
    const row0 = `<row><start-time id="1">0</start-time><duration id="2">8000000</duration><formatted-label id="3" fmt="Neural Engine Prediction"/></row>\n`;
    const rowN = `<row><start-time ref="1"/><duration ref="2"/><formatted-label ref="3"/></row>\n`;
    const chunk = Buffer.from(rowN.repeat(Math.floor((4 << 20) / rowN.length)));
    const perChunk = Math.floor((4 << 20) / rowN.length);
    const chunks = Math.ceil(700e6 / chunk.length);
    const stdin = Readable.from(
      (function* () {
        yield Buffer.from(head + row0);
        for (let i = 0; i < chunks; i++) yield chunk;
        yield Buffer.from('</node>\n</trace-query-result>\n');
      })(),
    );
    const a = await analyzeTraceFile('-', { stdin });
    expect(a.intervals[0]?.count).toBe(1 + chunks * perChunk);
    expect(a.intervals[0]?.p99Ms).toBe(8);
  }, 120_000);
});

describe('trace output escapes what the input names', () => {
  const deepCopy = [
    'Weight\tSelf Weight\tSymbol Names',
    '1.00 s  100.0%\t0 s\t   start',
    '1.00 s  \u20070.0%\t100.00 ms\t    main',
    '900.00 ms  \u20070.0%\t400.00 ms\t     \u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J<script>alert(1)</script>|`x`',
    '500.00 ms  \u20070.0%\t500.00 ms\t      =cmd|\'/c calc\'!A1',
  ].join('\n');

  it('deep copy: arbitrary text gives a result or a clean input error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 20 }), async (lines) => {
        try {
          await analyzeBytes(['Weight\tSelf Weight\tSymbol Names', ...lines].join('\n'));
        } catch (e) {
          expect(cleanError(e), String(e)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('text: no raw control sequence reaches the terminal; markdown: no live HTML, no broken table', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const text = await runCli(['trace', '-', '--tree'], { stdin: deepCopy, isTTY: true });
    expect(text.code).toBe(0);
    // Our own colour codes are SGR (ESC[...m); the input's OSC 52 and clear-screen must not get through.
    expect(text.stdout).not.toMatch(/\u001b\]|\u001b\[2J|\u0007/);
    const md = await runCli(['trace', '-', '--format', 'markdown'], { stdin: deepCopy });
    expect(md.code).toBe(0);
    // Markup may appear only inside code spans, where Markdown shows it as text.
    const outsideCode = md.stdout.replace(/(`+)(?:(?!\1).)*?\1/g, '');
    expect(outsideCode).not.toContain('<script>');
    // Every unescaped pipe is a cell border: all rows of a table have the same count.
    const blocks: string[][] = [];
    for (const l of md.stdout.split('\n')) {
      if (l.startsWith('|')) {
        if (blocks.length === 0 || blocks[blocks.length - 1]!.length === 0) blocks.push([]);
        blocks[blocks.length - 1]!.push(l);
      } else if (blocks.length && blocks[blocks.length - 1]!.length) blocks.push([]);
    }
    const pipes = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const b of blocks.filter((x) => x.length)) for (const row of b) expect(pipes(row), row).toBe(pipes(b[0]!));
  });
});

describe('trace: refs, ids and numbers that real exports never have', () => {
  const doc = (rows: string) =>
    `<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[2]'>${SCHEMA_IV}\n${rows}\n</node>\n</trace-query-result>\n`;

  it('a forward ref is read as an empty cell and counted, not a crash', async () => {
    const a = await analyzeBytes(
      doc(
        '<row><start-time ref="7"/><duration id="2">5000000</duration><formatted-label id="3" fmt="Neural Engine Prediction"/></row>\n' +
          '<row><start-time id="7">100</start-time><duration id="4">9000000</duration><formatted-label ref="3"/></row>',
      ),
    );
    expect(a.intervals[0]?.count).toBe(2);
    expect(a.warnings.join(' ')).toMatch(/1 ref\(s\) point to an id not defined before them/);
  });

  it('a duplicate id: the later definition is what later refs read', async () => {
    const a = await analyzeBytes(
      doc(
        '<row><start-time id="1">0</start-time><duration id="2">5000000</duration><formatted-label id="3" fmt="A"/></row>\n' +
          '<row><start-time id="4">10</start-time><duration id="2">9000000</duration><formatted-label id="3" fmt="B"/></row>\n' +
          '<row><start-time id="5">20</start-time><duration ref="2"/><formatted-label ref="3"/></row>',
      ),
    );
    expect(a.intervals.map((i) => [i.label, i.count, i.maxMs]).sort()).toEqual([
      ['A', 1, 5],
      ['B', 2, 9],
    ]);
  });

  it('negative, NaN, uint64-max and beyond-2^53 durations stay out of the statistics', async () => {
    const bad = ['-5', 'NaN', '18446744073709551615', '9007199254740993', '1e9', ''];
    const rows = [
      '<row><start-time id="1">0</start-time><duration id="2">4000000</duration><formatted-label id="3" fmt="Prediction"/></row>',
      ...bad.map((d, i) => `<row><start-time id="${10 + 2 * i}">${i}</start-time><duration id="${11 + 2 * i}">${d}</duration><formatted-label ref="3"/></row>`),
      '<row><start-time id="40">9</start-time><sentinel/><formatted-label ref="3"/></row>',
    ];
    const a = await analyzeBytes(doc(rows.join('\n')));
    expect(a.intervals[0]).toMatchObject({ count: 1, p50Ms: 4, maxMs: 4 });
    expect((a.notes ?? []).join(' ')).toMatch(/7 interval\(s\) without a usable duration/);
  });

  it('64-bit ids and values beyond 2^53 keep their exact text where they are identities', async () => {
    const tp = timeProfileXml([{ weight: 1_000_000, stack: [0], bin: 0 }]).replace('<tid id="3">7046</tid>', '<tid id="3">18446744073709551615</tid>');
    const a = await analyzeBytes(tp);
    expect(a.profiles[0]?.threads[0]?.tid).toBe('18446744073709551615');
  });
});
