/**
 * `trace diff` for a terminal: the two sides, the latency statistics side by side with the
 * bootstrap's verdict, then the frames whose self time changed most. Tables fit the width (80
 * columns off a terminal) by the rules of src/render/table.ts; symbols are shortened keeping their
 * end (src/core/shorten.ts); --json has them whole.
 */
import { noColors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { formatInt } from '../../core/units.js';
import type { TraceDiff } from '../../report/trace-diff.js';
import { fitTable, hiddenNote, type ColumnSpec } from '../table.js';
import { wrap } from '../wrap.js';
import { type TraceDiffRenderOptions, ciText, DASH, frameMs, headline, ms, pct, points, profileText, relative, seriesText, signedMs } from './common.js';

export function renderTraceDiffText(d: TraceDiff, opts: Partial<TraceDiffRenderOptions> = {}): string {
  const c = opts.colors ?? noColors;
  const width = opts.width ?? 80;
  const out: string[] = [];
  const line = (text: string, indent = '  ') => wrap(t(text), width, indent + '  ', indent.length).map((l, i) => (i === 0 ? indent + l : l));
  out.push(c.bold('Trace diff') + c.dim('  (B against A)'));
  out.push(...line(`A  ${d.a.source}`), ...line(`B  ${d.b.source}`));

  const l = d.latency;
  if (l) {
    out.push('', c.bold('Latency') + c.dim('  (ms; change = B − A)'));
    out.push(...line(`A: ${seriesText(d.a)}`), ...line(`B: ${seriesText(d.b)}`));
    const right = (head: string, more: Partial<ColumnSpec> = {}): ColumnSpec => ({ head, align: 'right', ...more });
    const cols: ColumnSpec[] = [{ head: 'Stat' }, right('A'), right('B'), right('Change'), right('%', { drop: 2 }), right(`${Math.round(l.method.confidence * 100)} % CI`, { drop: 1 }), { head: 'Verdict' }];
    const rows = [
      ['n', formatInt(l.counts[0]), formatInt(l.counts[1]), '', '', '', ''],
      ...l.changes.map((x) => {
        const v = x.verdict === 'slower' ? c.red(x.verdict) : x.verdict === 'faster' ? c.green(x.verdict) : c.yellow(x.verdict);
        return [x.stat, ms(x.aMs), ms(x.bMs), signedMs(x.changeMs), relative(x), ciText(x), v];
      }),
    ];
    const f = fitTable(cols, rows, width);
    out.push(f.text.trimEnd(), ...hiddenNote(f.hidden, width).map((x) => c.dim(x)));
    const h = headline(d) as string;
    out.push(...line(h).map((x, i) => (i === 0 ? (l.verdict === 'slower' ? c.red(x) : l.verdict === 'faster' ? c.green(x) : c.yellow(x)) : x)));
    out.push(...line(`bootstrap of ${formatInt(l.method.resamples)} resamples, as gate --baseline tests latency`).map((x) => c.dim(x)));
  }

  if (d.a.profile && d.b.profile) {
    out.push('', c.bold('Frames whose self time changed most') + c.dim("  (share of each side's samples)"));
    out.push(...line(`A: ${profileText(d.a)}`), ...line(`B: ${profileText(d.b)}`));
  }
  if (d.frames.length) {
    const cols: ColumnSpec[] = [{ head: 'Symbol', shrinkTo: 18 }, { head: 'A', align: 'right' }, { head: 'B', align: 'right' }, { head: 'Change', align: 'right' }, { head: 'ms', align: 'right' }, { head: 'Binary', shrinkTo: 10, drop: 1 }];
    // The symbol column takes what the figures leave: its end (the function's name) stays.
    const rows = d.frames.map((f) => [t(f.name), pct(f.aShare), pct(f.bShare), points(f.shareChange), frameMs(f), t(f.binary ?? DASH)]);
    const fit = fitTable(cols, rows, width);
    out.push(fit.text.trimEnd(), ...hiddenNote(fit.hidden, width).map((x) => c.dim(x)));
  } else if (d.a.profile && d.b.profile) out.push('  No frame changed.');
  if (d.notes.length) {
    out.push('', c.bold('Notes'));
    for (const n of d.notes) out.push(...line(`• ${n}`));
  }
  return out.join('\n') + '\n';
}
