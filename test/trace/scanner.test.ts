import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XmlScanner, XmlSyntaxError } from '../../src/trace/xctrace/scanner.js';
import { fnv1a } from '../../src/trace/xctrace/symbols.js';

/** Runs the scanner over chunks and logs every event with its attributes and text. */
function scan(chunks: Buffer[], opts: { maxPending?: number } = {}): { log: string[]; sc: XmlScanner } {
  const log: string[] = [];
  const attrs = () => {
    const a: string[] = [];
    for (let i = 0; i < sc.attributeCount; i++) a.push(`${sc.name(sc.attributeCode(i))}=${sc.attributeValue(i)}`);
    return a.length ? `[${a.join(' ')}]` : '';
  };
  const sc: XmlScanner = new XmlScanner(
    {
      open: (tag) => log.push(`open ${sc.name(tag)}${attrs()}`),
      leaf: (tag) => log.push(`leaf ${sc.name(tag)}${attrs()} "${sc.textValue()}"`),
      close: (tag) => log.push(`close ${sc.name(tag)}`),
      text: () => {
        if (!sc.textBlank()) log.push(`text "${sc.textValue()}"`);
      },
    },
    opts,
  );
  for (const c of chunks) sc.push(c);
  sc.end();
  return { log, sc };
}

const DOC = `<?xml version="1.0"?>
<!DOCTYPE trace-query-result [
  <!ENTITY boom "expanded?">
  <!ELEMENT row (#PCDATA)>
]>
<!-- exported by hand; a comment with <tags> and -- dashes -->
<trace-query-result>
<node xpath='//trace-toc[1]/run[2]/data[1]/table[11]'><schema name="time-profile"><col><mnemonic>time</mnemonic></col></schema>
<row><sample-time id="1" fmt="00:00.070.294">70294787</sample-time><thread id="2" fmt="Main Thread (0x1b86) (Anna’s App, pid: 873)"><tid id="3" fmt="0x1b86">7046</tid></thread><frame id="4" name="std::vector&lt;int&gt;::push_back(int const&amp;) &#x2192; &#8594;" addr="0x1"/><weight ref="9"/><sentinel/></row>
<row><event-concept
   id = "5"   fmt = 'Blue "sky"'/><string><![CDATA[a <raw> & text]]></string><formatted-label fmt="heavyWork() ← main">caf&#233; ☕ &boom;</formatted-label></row>
<?pi inside the root?>
</node></trace-query-result>
`;

describe('XmlScanner', () => {
  it('reports elements, leaves, decoded attributes and text', () => {
    const { log, sc } = scan([Buffer.from(DOC)]);
    expect(log).toEqual([
      "open trace-query-result",
      "open node[xpath=//trace-toc[1]/run[2]/data[1]/table[11]]",
      'open schema[name=time-profile]',
      'open col',
      'leaf mnemonic "time"',
      'close col',
      'close schema',
      'open row',
      'leaf sample-time[id=1 fmt=00:00.070.294] "70294787"',
      'open thread[id=2 fmt=Main Thread (0x1b86) (Anna’s App, pid: 873)]',
      'leaf tid[id=3 fmt=0x1b86] "7046"',
      'close thread',
      'leaf frame[id=4 name=std::vector<int>::push_back(int const&) → → addr=0x1] ""',
      'leaf weight[ref=9] ""',
      'leaf sentinel ""',
      'close row',
      'open row',
      'leaf event-concept[id=5 fmt=Blue "sky"] ""',
      'open string',
      'text "a <raw> & text"',
      'close string',
      'leaf formatted-label[fmt=heavyWork() ← main] "café ☕ &boom;"',
      'close row',
      'close node',
      'close trace-query-result',
    ]);
    // The DOCTYPE's entity is never expanded: it stays as written, and is counted.
    expect(sc.unknownEntities).toBe(1);
  });

  it('gives the same events however the document is split into chunks (every offset)', () => {
    const doc = Buffer.from(DOC + '\n');
    const whole = scan([doc]).log;
    for (let i = 1; i < doc.length; i++) {
      expect(scan([doc.subarray(0, i), doc.subarray(i)]).log, `split at byte ${i}`).toEqual(whole);
    }
    // Three-way splits around every multi-byte character and one byte at a time.
    expect(scan([...doc].map((b) => Buffer.from([b]))).log).toEqual(whole);
    for (let i = 1; i < doc.length - 2; i += 7) {
      expect(scan([doc.subarray(0, i), doc.subarray(i, i + 2), doc.subarray(i + 2)]).log).toEqual(whole);
    }
  });

  it('gives the same events for a real-shaped export split at every offset', () => {
    const doc = readFileSync('fixtures/traces/tagged-backtrace-coreml.xml');
    const whole = scan([doc]).log;
    expect(whole.length).toBeGreaterThan(200);
    for (let i = 1; i < doc.length; i++) {
      const got = scan([doc.subarray(0, i), doc.subarray(i)]).log;
      if (got.length !== whole.length || got.some((e, k) => e !== whole[k])) expect(got, `split at byte ${i}`).toEqual(whole);
    }
  });

  it('reads integers in place, and leaves values above 2^53 to the text', () => {
    const seen: [number, number, string][] = [];
    const sc: XmlScanner = new XmlScanner({
      open: () => {},
      close: () => {},
      text: () => {},
      leaf: () => {
        const i = sc.attributeCount ? sc.attributeInteger(0) : -2;
        seen.push([sc.textNumber(), i, sc.textValue()]);
      },
    });
    sc.push(Buffer.from('<r><a id="12">9007199254740991</a><a id="x1">18446744073709551615</a><a>-42</a><a>1.5</a><a/><a id="007">&#49;</a></r>'));
    sc.end();
    expect(seen).toEqual([
      [9007199254740991, 12, '9007199254740991'],
      [Number.NaN, -1, '18446744073709551615'],
      [-42, -2, '-42'],
      [Number.NaN, -2, '1.5'],
      [Number.NaN, -2, ''],
      [Number.NaN, 7, '1'],
    ]);
  });

  describe('malformed input: an error with the line', () => {
    const cases: [string, string, RegExp, number][] = [
      ['a mismatched end tag', '<a>\n<b>\n</c></a>', /<\/c> where <\/b> was expected/, 3],
      ['text outside the root', 'junk <a/>', /text outside the root element: `junk`/, 1],
      ['an unquoted attribute', '<a x=1/>', /attribute x of <a> is not quoted/, 1],
      ['an attribute without a value', '<a\n checked/>', /attribute checked of <a> has no value/, 2],
      ['a document cut inside a tag', '<a>\n<b id="1"', /the document ends inside the markup `<b id="1"` inside <a>/, 2],
      ['a document cut inside an element', '<a><b>x</b>\n<c>', /the document ends inside <a> > <c>/, 2],
      ['no element at all', '<?xml version="1.0"?>\n', /no XML element found/, 2],
    ];
    for (const [what, doc, re, line] of cases) {
      it(what, () => {
        let err: unknown;
        try {
          scan([Buffer.from(doc)]);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(XmlSyntaxError);
        expect((err as XmlSyntaxError).message).toMatch(re);
        expect((err as XmlSyntaxError).line).toBe(line);
      });
    }
  });

  it('gives the same events, lines and offsets when elements longer than the stitch straddle chunks', () => {
    // A chunk's first bytes are stitched to the last one's rest (16 KB, more when an element is
    // longer): long attributes and texts cut at many places, in chunks big and small.
    const rows = Array.from({ length: 60 }, (_, k) => {
      const long = k % 7 === 3 ? 'n'.repeat(20_000 + 997 * k) : `f${k}`;
      const text = k % 5 === 1 ? '1234 '.repeat(9_000 + 101 * k) : String(k);
      return `<row><frame id="${k + 1}" name="${long}" addr="0x${k.toString(16)}"/>\n<text-addresses id="${k + 100}">${text}</text-addresses></row>\n`;
    });
    const doc = Buffer.from(`<trace-query-result><node>\n${rows.join('')}</node></trace-query-result>\n`);
    const split = (size: number, from = 0) => {
      const out = [doc.subarray(0, from)];
      for (let i = from; i < doc.length; i += size) out.push(doc.subarray(i, i + size));
      return out;
    };
    const whole = scan([doc]).log;
    expect(whole.length).toBe(2 + 60 * 4 + 2);
    for (const size of [1000, 16_383, 16_385, 40_000, 131_072, 300_001]) {
      for (const from of [0, 5_000, 77_777]) expect(scan(split(size, from)).log, `chunks of ${size} from ${from}`).toEqual(whole);
    }
    // A malformed end tag after the long elements: the same line and byte whatever the chunks.
    const bad = Buffer.concat([doc.subarray(0, doc.length - 30), Buffer.from('</row x>\n</node></trace-query-result>\n')]);
    const where = (chunks: Buffer[]) => {
      try {
        scan(chunks);
      } catch (e) {
        return [(e as XmlSyntaxError).line, (e as XmlSyntaxError).offset, (e as Error).message];
      }
      return null;
    };
    const want = where([bad]);
    expect(want).not.toBeNull();
    for (const size of [1000, 16_385, 70_000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bad.length; i += size) chunks.push(bad.subarray(i, i + size));
      expect(where(chunks), `chunks of ${size}`).toEqual(want);
    }
  });

  it('bounds what it keeps across chunks', () => {
    const long = Buffer.from('<a>' + 'x'.repeat(5000));
    expect(() => scan([long, Buffer.from('y'), Buffer.from('</a>')], { maxPending: 1000 })).toThrow(/longer than/);
  });

  it('ignores content after the root element, and counts it', () => {
    const { sc, log } = scan([Buffer.from('<a/>\n<b>more</b> tail')]);
    expect(log).toEqual(['leaf a ""']);
    expect(sc.trailingJunk).toBeGreaterThan(0);
  });
  it('gives every attribute as the UTF-8 bytes of its decoded value, entities and line breaks included', () => {
    const values = [
      'std::vector&lt;int&gt;::push_back(int const&amp;) -&gt; Swift.Array&lt;Frame&gt;',
      '&quot;q&quot; &apos;a&apos; &amp;amp; &amp',
      'caf&#233; &#x2192; ☕ Anna’s',
      'tab\there\r\nline&#10;end',
      '&unknown; &lt &gtx; &',
      '',
      'plain 0x1e2ac14c',
    ];
    const doc = '<r>' + values.map((v, k) => `<f id="${k}" name="${v.replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\n/g, '\n')}"/>`).join('') + '</r>';
    const got: [string, string, number][] = [];
    const hashes: [number, number, number, number][] = [];
    const sc: XmlScanner = new XmlScanner({
      open: () => {},
      close: () => {},
      text: () => {},
      leaf: () => {
        const i = sc.attributeIndex(sc.code('name'));
        const out = Buffer.alloc(4);
        const short = sc.attributeUtf8(i, out);
        const big = Buffer.alloc(1024);
        const n = sc.attributeUtf8(i, big);
        hashes.push([sc.utf8Hash, fnv1a(big, 0, n), sc.utf8Ascii ? 1 : 0, /[^\x00-\x7f]/.test(sc.attributeValue(i)) ? 0 : 1]);
        got.push([sc.attributeValue(i), big.toString('utf8', 0, n), Buffer.byteLength(sc.attributeValue(i)) > 4 ? short : -1]);
      },
    });
    sc.push(Buffer.from(doc));
    sc.end();
    expect(got.length).toBe(values.length);
    for (const [value, bytes, short] of got) {
      expect(bytes).toBe(value);
      expect(short).toBe(-1);
    }
    expect(got[0]?.[0]).toBe('std::vector<int>::push_back(int const&) -> Swift.Array<Frame>');
    expect(got[1]?.[0]).toBe(`"q" 'a' &amp; &amp`);
    expect(got[2]?.[0]).toBe('café → ☕ Anna’s');
    expect(got[3]?.[0]).toBe('tab here line\nend');
    for (const [h, want, ascii, wantAscii] of hashes) expect([h, ascii]).toEqual([want, wantAscii]);
  });
});
