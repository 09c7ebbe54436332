/**
 * Escaping for every output format. Symbol names, op names, file names and log lines come from
 * files that other people made: they are untrusted and are escaped for the format they go into.
 */

const HTML_ESCAPES = new Map<string, string>([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
  ['`', '&#96;'],
]);

/** Text content and (quoted) attribute values in HTML. */
export function escapeHtml(s: string): string {
  return stripUnsafeControls(s).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES.get(c) ?? c);
}

/** XML 1.0 text and attribute values (JUnit). Characters that XML 1.0 forbids are replaced by U+FFFD. */
export function escapeXml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/**
 * A cell of a GitHub-flavoured Markdown table: one line, no unescaped pipe, no HTML, no
 * link or emphasis syntax that could change what the reader sees.
 */
export function escapeMarkdownCell(s: string): string {
  // escapeMarkdownInline already turns `|` into `\|` (escaping it again would give `\\|`, which
  // GitHub reads as an escaped backslash followed by a cell border).
  return escapeMarkdownInline(s);
}

/** Inline Markdown text (outside tables): one line, Markdown and HTML syntax neutralised. */
export function escapeMarkdownInline(s: string): string {
  return (
    stripUnsafeControls(s)
      .replace(/\r\n|\r|\n/g, ' ')
      // Emphasis, code, links and images ([ ] is enough: a ( ) after an escaped ] is plain text),
      // HTML, strikethrough, table borders.
      .replace(/[\\`*_{}[\]<>&~|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c))
      // Block syntax only counts at the start of a line: a heading, a list item, a quote.
      // (each needs a space after it: `29.6 ms` and `-0.5` stay as they are).
      .replace(/^(\s*)(#{1,6}|[-+]|\d+[.)])(?=\s|$)/, (_, sp: string, m: string) => `${sp}\\${m}`)
  );
}

/**
 * Inline code span that cannot be broken out of: the fence is one backtick longer than the longest
 * run of backticks inside, padded with spaces when the content starts or ends with a backtick.
 * Pipes are escaped so that the span also works inside a table cell.
 */
export function markdownCode(s: string): string {
  const text = stripUnsafeControls(s).replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return fence + pad + text + pad + fence;
}

/**
 * Text for a terminal: no raw control sequences from input reach it. ESC, BEL, other C0 and C1
 * controls and DEL become visible escapes (\x1b); newlines and tabs become spaces.
 */
export function sanitizeTerminal(s: string): string {
  return s
    .replace(/[\t\r\n]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** GitHub Actions workflow-command message data: %, CR and LF are percent-encoded. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub Actions workflow-command property values: also `:` and `,`. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Removes C0 controls other than tab/newline, DEL, C1 controls and bidi overrides (Trojan Source). */
export function stripUnsafeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** JSON for embedding inside an HTML <script> element: cannot close the element or open a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A word for a POSIX shell, in single quotes when it needs them (commands printed for the user to run). */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
