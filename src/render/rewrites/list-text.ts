/** The terminal form of the catalogue list: a table (the `table` package), wrapped to the terminal width. */
import { getBorderCharacters, table } from 'table';
import { noColors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { aneLabel, nativeShort, type ListView } from './common.js';
import { widthOf, type RewritesTextOptions } from './text.js';

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
  const feWidth = 10;
  const nativeWidth = 12;
  const aneWidth = 7;
  // 5 columns: 2 padding each + 4 inner borders + 2 outer borders.
  const fixWidth = Math.max(20, width - idWidth - feWidth - nativeWidth - aneWidth - 5 * 2 - 6);
  const rows = [
    ['Op / pattern', 'Frontends', 'Native', 'ANE', 'Rewrite'].map((h) => c.bold(h)),
    ...view.entries.map(({ entry }) => [
      t(entry.id),
      t(entry.frontends.map((f) => SHORT_FRONTENDS.get(f) ?? f).join(' ')),
      t(nativeShort(entry)),
      aneLabel(entry.ane.risk),
      t(entry.summary),
    ]),
  ];
  out.push(
    table(rows, {
      border: getBorderCharacters('norc'),
      drawHorizontalLine: (i, size) => i === 0 || i === 1 || i === size,
      columns: [
        { width: idWidth, wrapWord: true },
        { width: feWidth, wrapWord: true },
        { width: nativeWidth, wrapWord: true },
        { width: aneWidth },
        { width: fixWidth, wrapWord: true },
      ],
    }).trimEnd(),
  );
  out.push(c.dim('coreml-doctor rewrites <op> shows one entry in full: rewrite, snippets, Neural Engine notes, sources.'));
  return out.join('\n') + '\n';
}
