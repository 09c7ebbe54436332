/**
 * The terminal form of the catalogue list. Wide enough for a rewrite column of REWRITE_MIN columns
 * (about 100 columns), a table (the `table` package); narrower (80 columns, files and pipes), an
 * entry is two parts: a line of facts under the table's heads (op, frontends, native, ANE) and its
 * rewrite wrapped beneath it, so nothing wraps inside a box.
 */
import { getBorderCharacters, table } from 'table';
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { aneLabel, nativeShort, type ListView } from './common.js';
import { widthOf, wrap, type RewritesTextOptions } from './text.js';

/** Narrowest rewrite column a table is drawn with; below it the list layout is used. */
const REWRITE_MIN = 20;
/** The table's fixed columns: frontends, native, ANE. */
const FE_WIDTH = 10;
const NATIVE_WIDTH = 12;
const ANE_WIDTH = 7;

const SHORT_FRONTENDS = new Map<string, string>([
  ['pytorch', 'torch'],
  ['tensorflow', 'tf'],
  ['onnx', 'onnx'],
  ['mil', 'mil'],
]);

export function renderRewriteListText(view: ListView, opts: RewritesTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const width = widthOf(opts);
  const out: string[] = [];
  const filters = [view.filters.frontend ? `frontend ${view.filters.frontend}` : '', view.filters.ane ? 'Neural Engine relevant' : ''].filter(Boolean);
  out.push(c.bold(`Core ML rewrites: ${view.entries.length} of ${view.total} entries`) + (filters.length ? c.dim(` (${filters.join(', ')})`) : ''));
  if (!view.entries.length) {
    out.push(c.dim('No entry matches these filters.'));
    return out.join('\n') + '\n';
  }
  const idWidth = Math.min(24, Math.max(...view.entries.map((v) => v.entry.id.length)));
  // 5 columns: 2 padding each + 4 inner borders + 2 outer borders.
  const fixWidth = width - idWidth - FE_WIDTH - NATIVE_WIDTH - ANE_WIDTH - 5 * 2 - 6;
  if (fixWidth < REWRITE_MIN) out.push(...listLayout(view, width, c));
  else out.push(tableLayout(view, idWidth, fixWidth, c));
  out.push(...wrap('coreml-doctor rewrites <op> shows one entry in full: rewrite, snippets, Neural Engine notes, sources.', width).map((l) => c.dim(l)));
  return out.join('\n') + '\n';
}

/** An entry's facts, as both layouts show them: op, frontends, native, ANE. */
function factsOf(entry: ListView['entries'][number]['entry']): string[] {
  return [t(entry.id), t(entry.frontends.map((f) => SHORT_FRONTENDS.get(f) ?? f).join(' ')), t(nativeShort(entry)), aneLabel(entry.ane.risk)];
}

function tableLayout(view: ListView, idWidth: number, fixWidth: number, c: Colors): string {
  const rows = [
    ['Op / pattern', 'Frontends', 'Native', 'ANE', 'Rewrite'].map((h) => c.bold(h)),
    ...view.entries.map(({ entry }) => [...factsOf(entry), t(entry.summary)]),
  ];
  return table(rows, {
    border: getBorderCharacters('norc'),
    drawHorizontalLine: (i, size) => i === 0 || i === 1 || i === size,
    columns: [
      { width: idWidth, wrapWord: true },
      { width: FE_WIDTH, wrapWord: true },
      { width: NATIVE_WIDTH, wrapWord: true },
      { width: ANE_WIDTH },
      { width: fixWidth, wrapWord: true },
    ],
  }).trimEnd();
}

/** One entry per block: `op  frontends  native  ANE`, then the rewrite indented and wrapped. */
function listLayout(view: ListView, width: number, c: Colors): string[] {
  const facts = view.entries.map(({ entry }) => factsOf(entry));
  const heads = ['Op / pattern', 'Frontends', 'Native', 'ANE'];
  const w = (i: number) => Math.max(heads[i]!.length, ...facts.map((f) => [...f[i]!].length));
  const feW = w(1);
  const nativeW = w(2);
  const aneW = w(3);
  // The op gets what the other facts leave (at most its longest name); a longer name takes a line of its own.
  const idW = Math.min(w(0), Math.max(12, width - 2 - feW - 2 - nativeW - 2 - aneW));
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
  const rest = (f: string[]) => `${pad(f[1]!, feW)}  ${pad(f[2]!, nativeW)}  ${f[3]}`.trimEnd();
  const out = [c.bold(`${pad(heads[0]!, idW)}  ${rest(heads)}`)];
  view.entries.forEach(({ entry }, i) => {
    const f = facts[i]!;
    if ([...f[0]!].length <= idW) out.push(`${c.bold(pad(f[0]!, idW))}  ${rest(f)}`);
    else out.push(c.bold(f[0]!), `${' '.repeat(idW)}  ${rest(f)}`);
    for (const l of wrap(t(entry.summary), width - 4)) out.push(`    ${l}`);
  });
  return out;
}
