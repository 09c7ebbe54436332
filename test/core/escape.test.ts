import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  escapeGithubData,
  escapeGithubProperty,
  escapeHtml,
  escapeMarkdownCell,
  escapeMarkdownInline,
  escapeXml,
  jsonForScript,
  markdownCode,
  sanitizeTerminal,
} from '../../src/core/escape.js';

const HOSTILE = '<img src=x onerror=alert(1)> & "q" \'s\' `c` | *b* [l](http://x) \u001b[2J\r\nnext \u202Eevil';

describe('escaping per output format', () => {
  it('HTML: no markup, no attribute break-out, no bidi override', () => {
    const s = escapeHtml(HOSTILE);
    expect(s).not.toMatch(/[<>"'`]/);
    expect(s).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(s).not.toContain('\u202E');
    expect(s).not.toContain('\u001b');
  });

  it('XML: well-formed whatever the input, including characters XML 1.0 forbids', () => {
    const doc = `<r a="${escapeXml(HOSTILE + '\u0000\u0007\uD800')}">${escapeXml(HOSTILE)}</r>`;
    expect(XMLValidator.validate(doc)).toBe(true);
    expect(escapeXml('a&b<c>"\'')).toBe('a&amp;b&lt;c&gt;&quot;&apos;');
  });

  it('Markdown table cell: one line, pipes escaped once, HTML neutralised', () => {
    expect(escapeMarkdownCell('a|b')).toBe('a\\|b');
    const s = escapeMarkdownCell(HOSTILE);
    expect(s).not.toMatch(/[\r\n]/);
    expect(s.replace(/\\\|/g, '')).not.toContain('|');
    expect(s).not.toContain('<img');
    expect(escapeMarkdownInline('*b* _i_ [x](y)')).toBe('\\*b\\* \\_i\\_ \\[x\\](y)');
    // Block syntax is neutralised at the start only, and only where Markdown would read it.
    expect(escapeMarkdownInline('# title')).toBe('\\# title');
    expect(escapeMarkdownInline('- item')).toBe('\\- item');
    expect(escapeMarkdownInline('1. first')).toBe('\\1. first');
    expect(escapeMarkdownInline('29.6 ms, -0.5, #1796 (x)')).toBe('29.6 ms, -0.5, #1796 (x)');
  });

  it('Markdown code span: cannot be broken out of, works inside a table', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownCode('l1\nl2')).toBe('`l1 l2`');
  });

  it('terminal: control sequences become visible text', () => {
    const s = sanitizeTerminal('\u001b]52;c;Zm9v\u0007\u001b[2Jx\u009b1m\u202E');
    expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(s).toBe('\\x1b]52;c;Zm9v\\x07\\x1b[2Jx\\x9b1m\\x202e');
  });

  it('GitHub workflow commands: data and properties', () => {
    expect(escapeGithubData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeGithubProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('JSON inside <script>: cannot close the element', () => {
    const s = jsonForScript({ name: '</script><script>alert(1)</script>', t: '\u2028' });
    expect(s).not.toContain('</script');
    expect(JSON.parse(s)).toEqual({ name: '</script><script>alert(1)</script>', t: '\u2028' });
  });
});
