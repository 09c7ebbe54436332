import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { readXctrace, type XctraceTable } from '../../src/trace/xctrace/reader.js';
import { Binary, Frame, Stack, XNode, labelOf, type Cell } from '../../src/trace/xctrace/values.js';
import { StackTable } from '../../src/trace/xctrace/stacks.js';

async function read(xml: string, chunkSize = 0, keepTruncated = false) {
  const tables: { table: XctraceTable; rows: Cell[][]; ended: number | null }[] = [];
  const buf = Buffer.from(xml);
  const chunks = chunkSize ? Array.from({ length: Math.ceil(buf.length / chunkSize) }, (_, i) => buf.subarray(i * chunkSize, (i + 1) * chunkSize)) : [buf];
  const doc = await readXctrace(
    { name: 'test.xml', chunks },
    {
      beginTable(table) {
        const t = { table, rows: [] as Cell[][], ended: null as number | null };
        tables.push(t);
        return { row: (cells) => t.rows.push([...cells]) };
      },
      endTable(_table, rows) {
        (tables[tables.length - 1] as { ended: number | null }).ended = rows;
      },
    },
    { keepTruncated },
  );
  return { doc, tables };
}

const schema = (name: string, cols: [string, string][]) =>
  `<schema name="${name}">${cols.map(([m, e]) => `<col><mnemonic>${m}</mnemonic><name>${m}</name><engineering-type>${e}</engineering-type></col>`).join('')}</schema>`;

describe('readXctrace: rows of an xctrace export', () => {
  it('maps cells to columns by position, not by element name', async () => {
    const xml = `<?xml version="1.0"?><trace-query-result><node xpath='//trace-toc[1]/run[3]/data[1]/table[9]'>${schema('OSSignpostIntervals', [
      ['start', 'start-time'],
      ['process', 'process'],
      ['end-process', 'process'],
      ['duration', 'duration'],
    ])}<row><start-time>10</start-time><process id="1" fmt="A (1)"><pid>1</pid></process><process id="2" fmt="B (2)"><pid>2</pid></process><duration>5</duration></row></node></trace-query-result>`;
    const { tables } = await read(xml);
    expect(tables[0]?.table).toMatchObject({ schema: 'OSSignpostIntervals', run: 3, position: 9, node: 0, continued: false });
    const row = tables[0]?.rows[0] as Cell[];
    expect(row[0]).toBe(10);
    expect(labelOf(row[1])).toBe('A (1)');
    expect(labelOf(row[2])).toBe('B (2)');
    expect(row[3]).toBe(5);
  });

  it('resolves ids and refs across rows and nesting levels, refs inside new definitions too', async () => {
    const xml = `<trace-query-result><node>${schema('t', [
      ['thread', 'thread'],
      ['process', 'process'],
      ['stack', 'backtrace'],
    ])}
<row><thread id="1" fmt="Main"><tid id="2">77</tid><process id="3" fmt="app (9)"><pid id="4">9</pid></process></thread><process ref="3"/><backtrace id="5"><frame id="6" name="leaf" addr="0x2"><binary id="7" name="app" path="/a/app"/></frame><frame id="8" name="root" addr="0x1"><binary ref="7"/></frame></backtrace></row>
<row><thread id="9" fmt="Worker"><tid id="10">78</tid><process ref="3"/></thread><process ref="3"/><backtrace id="11"><frame ref="8"/><frame ref="8"/><frame ref="6"/></backtrace></row>
<row><thread ref="1"/><process ref="3"/><backtrace ref="5"/></row>
</node></trace-query-result>`;
    const { tables, doc } = await read(xml);
    const [r1, r2, r3] = tables[0]?.rows as Cell[][];
    const main = r1?.[0] as XNode;
    expect(main).toBeInstanceOf(XNode);
    expect(main.fmt).toBe('Main');
    expect(main.child('tid')).toBe(77);
    const proc = main.child('process');
    expect(r1?.[1]).toBe(proc); // the same object: identity is equality
    expect((r2?.[0] as XNode).child('process')).toBe(proc);
    expect(r3?.[0]).toBe(main);
    const s1 = r1?.[2] as Stack;
    expect(s1).toBeInstanceOf(Stack);
    expect(s1.frames.map((f) => f.name)).toEqual(['leaf', 'root']); // leaf first, as written
    expect(s1.frames[0]?.binary).toBeInstanceOf(Binary);
    expect(s1.frames[0]?.binary).toBe(s1.frames[1]?.binary);
    expect((r2?.[2] as Stack).frames.map((f) => f.name)).toEqual(['root', 'root', 'leaf']); // recursion kept
    // A ref to a backtrace is the same stack (its index and node), made anew per ref (not kept);
    // its leaf is the same frame (its index), made anew per read (frames are kept as integers).
    expect((r3?.[2] as Stack).index).toBe(s1.index);
    expect((r3?.[2] as Stack).node).toBe(s1.node);
    expect((r3?.[2] as Stack).leaf?.index).toBe(s1.leaf?.index);
    expect((r3?.[2] as Stack).leaf).toEqual(s1.leaf);
    expect(doc).toMatchObject({ danglingRefs: 0, frames: 2, stacks: 2, binaries: 1 });
  });

  it('reads both tagged-backtrace layouts: a nested backtrace, and frames directly inside', async () => {
    const xml = `<trace-query-result><node>${schema('time-profile', [['stack', 'tagged-backtrace']])}
<row><tagged-backtrace id="1" fmt="a ← b"><backtrace id="2"><frame id="3" name="a" addr="0x1"/><frame id="4" name="b" addr="0x2"/></backtrace></tagged-backtrace></row>
<row><tagged-backtrace id="5" fmt="a ← b"><frame ref="3"/><frame ref="4"/></tagged-backtrace></row>
<row><tagged-backtrace ref="1"/></row>
<row><backtrace ref="2"/></row>
</node></trace-query-result>`;
    const { tables } = await read(xml);
    const stacks = tables[0]?.rows.map((r) => r[0] as Stack) as Stack[];
    for (const s of stacks) expect(s.frames.map((f) => f.label)).toEqual(['a', 'b']);
    expect(stacks[2]?.index).toBe(stacks[0]?.index);
    expect(stacks[3]?.index).toBe(stacks[0]?.index); // the tagged-backtrace is its backtrace
    expect(stacks[1]?.index).not.toBe(stacks[0]?.index);
    expect(stacks[1]?.node).toBe(stacks[0]?.node); // the same frames: the same node
  });

  it('reads <sentinel/> as null, never 0, and keeps 64-bit values exact', async () => {
    const xml = `<trace-query-result><node>${schema('t', [
      ['a', 'uint64'],
      ['b', 'duration'],
      ['c', 'os-signpost-identifier'],
    ])}<row><sentinel/><duration id="1">0</duration><os-signpost-identifier id="2" fmt="18446744073709551614">18446744073709551614</os-signpost-identifier></row></node></trace-query-result>`;
    const { tables } = await read(xml);
    expect(tables[0]?.rows[0]).toEqual([null, 0, '18446744073709551614']);
  });

  it('keeps the display string beside the text when they differ', async () => {
    const xml = `<trace-query-result><node>${schema('t', [
      ['state', 'thread-state'],
      ['type', 'event-type'],
      ['label', 'formatted-label'],
      ['parts', 'formatted-label'],
    ])}<row><thread-state fmt="Running">Running</thread-state><event-type fmt="Begin Interval">1</event-type><formatted-label fmt="Neural Engine Prediction"/><formatted-label id="9"><string>Model_1</string><string>Prediction</string></formatted-label></row></node></trace-query-result>`;
    const { tables } = await read(xml);
    const [state, type, label, parts] = tables[0]?.rows[0] as Cell[];
    expect(state).toBe('Running');
    expect(type).toBeInstanceOf(XNode);
    expect((type as XNode).text).toBe('1');
    expect(labelOf(type)).toBe('Begin Interval');
    expect(label).toBe('Neural Engine Prediction');
    expect(labelOf(parts)).toBe('Model_1 Prediction');
  });

  it('counts a ref to an id that is never defined, reads it as an empty cell, and goes on', async () => {
    const xml = `<trace-query-result><node>${schema('t', [
      ['a', 'weight'],
      ['b', 'thread'],
    ])}\n<row><weight ref="404"/><thread ref="405"/></row>\n<row><weight id="1">5</weight><thread ref="t9"/></row></node></trace-query-result>`;
    const { doc, tables } = await read(xml);
    expect(tables[0]?.rows).toEqual([
      [null, null],
      [5, null],
    ]);
    expect(doc.danglingRefs).toBe(3);
    expect(doc.firstDanglingRef).toMatchObject({ ref: '404', line: 2 });
  });

  it('accepts ids that are not numbers, and ids that start again in a later node', async () => {
    const xml = `<trace-query-result>
<node>${schema('t', [['w', 'weight']])}<row><weight id="w1">1</weight></row><row><weight ref="w1"/></row><row><weight id="1">10</weight></row><row><weight ref="1"/></row></node>
<node>${schema('t', [['w', 'weight']])}<row><weight id="1">20</weight></row><row><weight ref="1"/></row></node>
</trace-query-result>`;
    const { tables, doc } = await read(xml);
    expect(tables.map((t) => t.rows.map((r) => r[0]))).toEqual([
      [1, 1, 10, 10],
      [20, 20],
    ]);
    expect(doc.redefinedIds).toBe(1);
  });

  it('reads a node without a schema as more rows of the table before it', async () => {
    const xml = `<trace-query-result><node xpath='//trace-toc[1]/run[1]/data[1]/table[2]'>${schema('os-signpost', [['t', 'event-time']])}<row><event-time>1</event-time></row></node><node xpath='//trace-toc[1]/run[1]/data[1]/table[2]'><row><event-time>2</event-time></row></node></trace-query-result>`;
    const { tables } = await read(xml);
    expect(tables.map((t) => [t.table.schema, t.table.continued, t.rows.map((r) => r[0]), t.ended])).toEqual([
      ['os-signpost', false, [1], 1],
      ['os-signpost', true, [2], 1],
    ]);
  });

  it('reports an empty table (a schema and no rows) with 0 rows', async () => {
    const { tables, doc } = await read(`<trace-query-result><node>${schema('coreml-os-signpost', [['start', 'start-time']])}</node></trace-query-result>`);
    expect(tables[0]?.ended).toBe(0);
    expect(doc.tables).toHaveLength(1);
  });

  it('counts rows whose cell count differs from the schema, and still delivers them', async () => {
    const xml = `<trace-query-result><node>${schema('t', [
      ['a', 'weight'],
      ['b', 'weight'],
    ])}<row><weight>1</weight></row><row><weight>1</weight><weight>2</weight><weight>3</weight></row></node></trace-query-result>`;
    const { tables, doc } = await read(xml);
    expect(tables[0]?.rows).toEqual([
      [1, undefined],
      [1, 2],
    ]);
    expect(doc.cellCountMismatches).toBe(2);
  });

  it('recognises a table of contents', async () => {
    const { doc, tables } = await read('<?xml version="1.0"?>\n\n<trace-toc><run number="1"><data><table schema="time-profile"/></data></run></trace-toc>');
    expect(doc.kind).toBe('toc');
    expect(tables).toEqual([]);
    expect(doc.toc?.children[0]?.attrs).toEqual([['number', '1']]);
  });

  it('refuses XML that is not an xctrace document, naming its root', async () => {
    await expect(read('<plist version="1.0"><dict/></plist>')).rejects.toThrow(InputError);
    await expect(read('<plist version="1.0"><dict/></plist>')).rejects.toThrow(/test\.xml:line 1: the root element is <plist>, not <trace-query-result> or <trace-toc>/);
  });

  it('says where a truncated export ends', async () => {
    const xml = `<trace-query-result><node>${schema('t', [['w', 'weight']])}\n<row><weight>1</weight></row>\n<row><weight>2</weight></row>\n<row><weight id="3">3</wei`;
    await expect(read(xml, 7)).rejects.toThrow(/test\.xml:line 4 \(byte \d+\): the file is truncated after 2 complete rows of t: it ends inside the markup `<\/wei` inside <trace-query-result> > <node> > <row> > <weight>/);
  });

  it('keepTruncated: hands over the complete rows, ends the open table, and says where the file ends', async () => {
    const xml = `<trace-query-result><node>${schema('t', [['w', 'weight']])}\n<row><weight>1</weight></row>\n<row><weight>2</weight></row>\n<row><weight id="3">3</wei`;
    const { doc, tables } = await read(xml, 7, true);
    expect(tables.map((t) => [t.rows, t.ended])).toEqual([[[[1], [2]], 2]]);
    expect(doc.truncated).toEqual({
      byte: Buffer.byteLength(xml),
      line: 4,
      rows: 2,
      table: 't',
      tableRows: 2,
      message: 'the file is truncated after 2 complete rows of t: it ends inside the markup `</wei` inside <trace-query-result> > <node> > <row> > <weight>',
      ends: 'it ends inside the markup `</wei` inside <trace-query-result> > <node> > <row> > <weight>',
    });
    // Nothing complete to show: the error stands.
    await expect(read(`<trace-query-result><node>${schema('t', [['w', 'weight']])}<row><weight>1</wei`, 0, true)).rejects.toThrow(/truncated after 0 complete rows/);
  });

  it('makes frames of addresses when there is no symbol', async () => {
    const { tables } = await read(`<trace-query-result><node>${schema('t', [['stack', 'backtrace']])}<row><backtrace><frame name="" addr="0x10"/><frame addr="0x20"/></backtrace></row></node></trace-query-result>`);
    const s = tables[0]?.rows[0]?.[0] as Stack;
    expect(s.frames.map((f: Frame) => [f.name, f.label, f.binary])).toEqual([
      [null, '0x10', null],
      [null, '0x20', null],
    ]);
  });
});

describe('readXctrace: frames kept as integers, made objects when read', () => {
  // Addresses are kept as numbers only when their text comes back exactly from one: every other
  // text (uppercase, leading zeros, 64-bit, not hex) is kept as written.
  // Kept as a double up to 13 digits, as two 32-bit words for 14–16 (kernel addresses), as text otherwise.
  const addrs = ['0x0', '0x10', '0x1a2b3c4d5e6f7', '0xFF', '0x00ff', '0x1a2b3c4d5e6f70', '0xffffffffffffffff', 'abc', '0x', '', '0xfffffe0007123456', '0x10000000000000', '0x100000000000000a', '0x1ffffffffffffffff', '0xffffffffffff0x1'];
  const xml = `<trace-query-result><node>${schema('t', [
    ['thread', 'thread'],
    ['stack', 'backtrace'],
  ])}<row><thread id="1" fmt="Main"/><backtrace id="2">${addrs
    .map((a, k) => `<frame id="${10 + k}" name="f${k}" addr="${a}"${k === 2 ? ' inlined="true"' : ''}><binary ${k === 0 ? 'id="9" name="app" path="/a/app"' : 'ref="9"'}/>${k === 3 ? '<source line="7"><path>/s/a.c</path></source>' : ''}</frame>`)
    .join('')}<frame id="30" name="noaddr"/></backtrace></row>
<row><thread ref="1"/><backtrace id="3">${addrs.map((_, k) => `<frame ref="${10 + k}"/>`).join('')}<frame ref="30"/></backtrace></row>
<row><thread ref="1"/><frame ref="12"/></row>
</node></trace-query-result>`;

  it('gives back each address, name, binary, source and inlined flag exactly, at the definition and at refs', async () => {
    const { tables, doc } = await read(xml);
    const rows = tables[0]?.rows as Cell[][];
    for (const r of [rows[0], rows[1]]) {
      const s = r?.[1] as Stack;
      // The leaf is the frame itself; the callers are the first frame of their symbol (each distinct here).
      expect(s.frames.map((f) => f.addr)).toEqual([...addrs.map((a) => (a === '' ? '' : a)), null]);
      expect(s.frames.map((f) => f.name)).toEqual([...addrs.map((_, k) => `f${k}`), 'noaddr']);
      expect(s.frames.map((f) => f.inlined)).toEqual([...addrs.map((_, k) => k === 2), false]);
      expect(s.frames[3]?.source).toEqual({ line: 7, path: '/s/a.c' });
      expect(s.frames[0]?.source).toBeNull();
      expect(s.frames[1]?.binary).toBe(s.frames[0]?.binary);
      expect(s.frames[0]?.binary?.path).toBe('/a/app');
      expect(s.frames[addrs.length]?.binary).toBeNull();
    }
    // A frame as a cell of its own (not in a backtrace) is a Frame too.
    const f = rows[2]?.[1] as Frame;
    expect(f).toBeInstanceOf(Frame);
    expect([f.index, f.name, f.addr, f.inlined]).toEqual([2, 'f2', '0x1a2b3c4d5e6f7', true]);
    expect(labelOf(f)).toBe('f2');
    expect(doc).toMatchObject({ danglingRefs: 0, frames: addrs.length + 1 });
  });

  it('keeps addresses exact when the frames outgrow their first arrays (4,096 frames)', async () => {
    const n = 9000;
    const addr = (k: number) => (k % 3 === 0 ? `0xfffffe00${k.toString(16).padStart(8, '0')}` : k % 3 === 1 ? `0x1${k.toString(16)}` : `0X${k}`);
    const defs = Array.from({ length: n }, (_, k) => `<frame id="${10 + k}" name="g${k}" addr="${addr(k)}"/>`).join('');
    const { tables } = await read(`<trace-query-result><node>${schema('t', [['stack', 'backtrace']])}<row><backtrace id="1">${defs}</backtrace></row></node></trace-query-result>`);
    const s = tables[0]?.rows[0]?.[0] as Stack;
    expect(s.frames.map((f) => f.addr)).toEqual(Array.from({ length: n }, (_, k) => addr(k)));
  });
});

describe('readXctrace: the frame-ref fast path inside backtraces', () => {
  // Backtraces of runs of <frame ref="N"/> (the fast path), with what it must hand to the generic
  // path: a ref to a thread (not a frame), a dangling ref, an id defined again as another frame,
  // spacing it does not take, recursion, and two threads drifting from their previous paths.
  const frames = Array.from({ length: 40 }, (_, k) => `<frame id="${100 + k}" name="f${k}" addr="0x${(k + 1).toString(16)}"><binary ref="7"/></frame>`).join('');
  const refs = (ks: number[]) => ks.map((k) => `<frame ref="${100 + k}"/>`).join('');
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
  const xml = `<trace-query-result><node>${schema('time-profile', [
    ['thread', 'thread'],
    ['stack', 'backtrace'],
  ])}
<row><thread id="1" fmt="Main"><tid id="2">1</tid></thread><backtrace id="3"><frame id="6" name="seed" addr="0x99"><binary id="7" name="app" path="/a/app"/></frame>${frames}</backtrace></row>
<row><thread id="4" fmt="Worker"><tid id="5">2</tid></thread><backtrace id="8">${refs(range(0, 40))}</backtrace></row>
<row><thread ref="1"/><backtrace id="9">${refs([39, 38, 37])}${refs(range(5, 40))}</backtrace></row>
<row><thread ref="4"/><backtrace id="10">${refs([20, 20, 20])}<frame ref="1"/><frame ref="77777"/>${refs(range(21, 40))}</backtrace></row>
<row><thread ref="1"/><backtrace id="11">${refs([1])} <frame  ref="102"/><frame ref='103'/>${refs(range(4, 40))}</backtrace></row>
<row><thread ref="1"/><backtrace id="12"><frame id="105" name="again" addr="0x55"><binary ref="7"/></frame>${refs(range(5, 40))}</backtrace></row>
<row><thread ref="4"/><backtrace id="13">${refs(range(3, 40))}</backtrace></row>
</node></trace-query-result>`;
  const names = (s: Cell) => (s as Stack).frames.map((f) => f.label);
  const want = (ks: number[]) => ks.map((k) => `f${k}`);

  for (const chunkSize of [0, 7, 13, 64]) {
    it(`reads each backtrace exactly, in chunks of ${chunkSize || 'the whole file'}`, async () => {
      const { tables, doc } = await read(xml, chunkSize);
      const rows = tables[0]?.rows as Cell[][];
      expect(names(rows[0]?.[1])).toEqual(['seed', ...want(range(0, 40))]);
      expect(names(rows[1]?.[1])).toEqual(want(range(0, 40)));
      expect(names(rows[2]?.[1])).toEqual(want([39, 38, 37, ...range(5, 40)]));
      // The thread ref and the dangling ref are not frames: the backtrace has the others.
      expect(names(rows[3]?.[1])).toEqual(want([20, 20, 20, ...range(21, 40)]));
      expect(names(rows[4]?.[1])).toEqual(want(range(1, 40)));
      // Id 105 (f5) defined again: the refs after it are the new frame.
      expect(names(rows[5]?.[1])).toEqual(['again', 'again', ...want(range(6, 40))]);
      expect(names(rows[6]?.[1])).toEqual([...want([3, 4]), 'again', ...want(range(6, 40))]);
      expect((rows[6]?.[1] as Stack).frames[1]?.addr).toBe('0x5');
      expect((rows[5]?.[1] as Stack).leaf?.addr).toBe('0x55');
      expect(doc.danglingRefs).toBe(1);
      expect(doc.firstDanglingRef?.ref).toBe('77777');
      expect(doc.firstDanglingRef?.line).toBe(5);
      expect(doc.redefinedIds).toBe(1);
      // Shared callers share nodes: the stacks are nodes of one prefix tree.
      const s = rows.map((r) => r[1] as Stack);
      expect(s[1]?.node).not.toBe(s[6]?.node);
      expect(doc.stacks).toBe(7);
    });
  }
});

describe('readXctrace: the frame-definition fast path inside backtraces', () => {
  // Frame definitions of the one shape the fast path reads whole (`<frame id name addr><binary
  // ref/></frame>`), beside what it must leave to the generic path or treat as the generic path
  // does: a dangling binary ref (counted at its line), a binary ref to a thread, an entity and a
  // non-ASCII name, a `&#…;` reference, an id that is not an integer, a definition as a row's cell
  // (outside a backtrace), after a backtrace in the same row, and inside a tagged backtrace.
  // The same document with ` >` (which the fast path does not take) is the reference.
  const doc = (gap: string) => `<trace-query-result><node>${schema('time-profile', [
    ['thread', 'thread'],
    ['stack', 'backtrace'],
    ['leaf', 'frame'],
  ])}
<row><thread id="1" fmt="Main"><tid id="2">1</tid></thread><backtrace id="3"><frame id="6" name="seed" addr="0x99"><binary id="7" name="app" path="/a/app"/></frame><frame id="8" name="a -&gt; b&lt;T&gt;" addr="0x10"${gap}><binary ref="7"/></frame><frame id="9" name="café" addr="0x11"${gap}><binary ref="7"/></frame></backtrace><frame id="10" name="cell" addr="0x12"${gap}><binary ref="7"/></frame></row>
<row><thread ref="1"/><backtrace id="11"><frame id="12" name="dangling" addr="0x13"${gap}><binary ref="4242"/></frame><frame id="13" name="to a thread" addr="0x14"${gap}><binary ref="1"/></frame><frame id="x14" name="named id" addr="0x15"${gap}><binary ref="7"/></frame><frame id="15" name="&#x41;B" addr="0x16"${gap}><binary ref="7"/></frame><frame ref="x14"/><frame ref="8"/><frame id="20" name="zeros" addr="0x00ab"${gap}><binary ref="7"/></frame><frame id="21" name="entity" addr="&#x30;x1f"${gap}><binary ref="7"/></frame></backtrace><frame ref="9"/></row>
<row><thread ref="1"/><tagged-backtrace id="16" fmt="t"><backtrace id="17"><frame id="18" name="tagged" addr="0xfffffe0012345678"${gap}><binary ref="7"/></frame><frame ref="15"/></backtrace></tagged-backtrace><frame id="19" name="after" addr="0x17"${gap}><binary ref="7"/></frame></row>
</node></trace-query-result>`;
  const seen = (r: Awaited<ReturnType<typeof read>>) => ({
    rows: (r.tables[0]?.rows as Cell[][]).map((row) =>
      row.slice(1).map((c) => (c instanceof Stack ? c.frames.map((f) => [f.label, f.addr, f.binary?.name ?? null]) : c instanceof Frame ? [c.label, c.addr, c.binary?.name ?? null] : c)),
    ),
    dangling: r.doc.danglingRefs,
    first: { ref: r.doc.firstDanglingRef?.ref, line: r.doc.firstDanglingRef?.line },
    frames: r.doc.frames,
    stacks: r.doc.stacks,
  });

  for (const chunkSize of [0, 5, 11, 64]) {
    it(`reads every definition as the generic path does, in chunks of ${chunkSize || 'the whole file'}`, async () => {
      const fast = seen(await read(doc(''), chunkSize));
      expect(fast).toEqual(seen(await read(doc(' '), chunkSize)));
      expect(fast.rows[0]?.[0]).toEqual([
        ['seed', '0x99', 'app'],
        ['a -> b<T>', '0x10', 'app'],
        ['café', '0x11', 'app'],
      ]);
      expect(fast.rows[0]?.[1]).toEqual(['cell', '0x12', 'app']);
      expect(fast.rows[1]?.[0]).toEqual([
        ['dangling', '0x13', null],
        ['to a thread', '0x14', null],
        ['named id', '0x15', 'app'],
        ['AB', '0x16', 'app'],
        ['named id', '0x15', 'app'],
        ['a -> b<T>', '0x10', 'app'],
        ['zeros', '0x00ab', 'app'],
        ['entity', '0x1f', 'app'],
      ]);
      expect(fast.rows[2]?.[0]).toEqual([
        ['tagged', '0xfffffe0012345678', 'app'],
        ['AB', '0x16', 'app'],
      ]);
      expect(fast.rows[2]?.[1]).toEqual(['after', '0x17', 'app']);
      expect(fast.dangling).toBe(1);
      expect(fast.first).toEqual({ ref: '4242', line: 3 });
      expect(fast.frames).toBe(12);
    });
  }
});

describe('readXctrace: a frame name is one symbol whatever its markup', () => {
  // A symbol is keyed by its label's key bytes (symbols.ts: `&<>"` as entities, nothing else):
  // a name written as xctrace writes it is looked up by its bytes in place, any other markup of
  // the same name is decoded first; both, and the label given as a string, meet in one symbol.
  const label = `a -> b<T> 'x' "q" & c`;
  const marks = [
    `a -&gt; b&lt;T&gt; 'x' &quot;q&quot; &amp; c`,
    `a -> b&lt;T&gt; &apos;x&apos; &quot;q&quot; &#38; c`,
    `a -&#x3E; b&lt;T&gt; 'x' &#34;q&#34; &amp; c`,
  ];
  const other = 'café → x';
  const otherMarks = ['café → x', 'caf&#233; &#x2192; x'];
  const frames = (gap: string, first: number) =>
    [...marks, ...otherMarks].map((m, k) => `<frame id="${first + k}" name="${m}" addr="0x${(16 + k).toString(16)}"${gap}><binary ref="7"/></frame>`).join('');
  const xml = `<trace-query-result><node>${schema('time-profile', [
    ['thread', 'thread'],
    ['stack', 'backtrace'],
  ])}
<row><thread id="1" fmt="Main"><tid id="2">1</tid></thread><backtrace id="3"><frame id="6" name="${marks[0]}" addr="0x99"><binary id="7" name="app" path="/a/app"/></frame>${frames('', 20)}</backtrace></row>
<row><thread ref="1"/><backtrace id="4">${frames(' ', 40)}</backtrace></row>
</node></trace-query-result>`;

  for (const chunkSize of [0, 5, 7, 64]) {
    it(`in place, decoded, from a string: the same symbol and label, in chunks of ${chunkSize || 'the whole file'}`, async () => {
      const stacks = new StackTable();
      const buf = Buffer.from(xml);
      const chunks = chunkSize ? Array.from({ length: Math.ceil(buf.length / chunkSize) }, (_, i) => buf.subarray(i * chunkSize, (i + 1) * chunkSize)) : [buf];
      const rows: Cell[][] = [];
      await readXctrace({ name: 't.xml', chunks }, { beginTable: () => ({ row: (c) => rows.push([...c]) }), endTable: () => {} }, { stacks });
      const got = rows.map((r) => (r[1] as Stack).frames.map((f) => [f.label, f.symbol]));
      const sym = stacks.symbolOf(label, 'app', '/a/app');
      const otherSym = stacks.symbolOf(other, 'app', '/a/app');
      expect(sym).not.toBe(otherSym);
      const want = [...marks.map(() => [label, sym]), ...otherMarks.map(() => [other, otherSym])];
      expect(got).toEqual([[[label, sym], ...want], want]);
      expect(stacks.symbolCount).toBe(2);
    });
  }
});
