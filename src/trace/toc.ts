/**
 * `xcrun xctrace export --toc`: the runs of a recording and the tables each holds, with the exact
 * export commands to run next. A table has no name, only a schema and instrument attributes; the
 * same schema can appear several times (kdebug codes, os-signpost categories), so a command selects
 * by schema when that is unique in the run, by schema and one distinguishing attribute when that
 * is enough, else by position. XPath values are double-quoted, the whole XPath single-quoted for
 * the shell (perfetto's documented command lost a quote: google/perfetto#7253).
 */
import { shellQuote } from '../core/escape.js';
import { attr, child, children, type DomElement } from './xctrace/dom.js';
import type { TocRun, TocTable } from './model.js';

/** Tables worth exporting for `trace`, in the order commands are listed. */
export const USEFUL_SCHEMAS: readonly RegExp[] = [
  /^time-profile$/,
  /^cpu-profile$/,
  /^counters-profile$/,
  /^coreml-os-signpost$/,
  /^ane-hw-intervals(-internal)?$/,
  /^os-signpost$/,
  /^os-signpost-interval$|^OSSignpostIntervals$/,
  /^Model(Loading|Inference)Table$/,
  /^mps-hw-intervals$/,
  /^metal-gpu-intervals$/,
  /^time-sample$/,
];

export function isUseful(schema: string): boolean {
  return USEFUL_SCHEMAS.some((r) => r.test(schema));
}

/** An XPath string literal for a value (XPath 1.0 has no escapes: concat() when both quotes occur). */
function xpathLiteral(v: string): string {
  if (!v.includes('"')) return `"${v}"`;
  if (!v.includes("'")) return `'${v}'`;
  return `concat(${v
    .split('"')
    .map((p) => `"${p}"`)
    .join(`, '"', `)})`;
}

export function parseToc(root: DomElement, tracePath: string | null): TocRun[] {
  const runs: TocRun[] = [];
  for (const run of children(root, 'run')) {
    const number = Number(attr(run, 'number') ?? runs.length + 1);
    const info = child(run, 'info');
    const target = info ? child(info, 'target') : undefined;
    const summary = info ? child(info, 'summary') : undefined;
    const device = target ? child(target, 'device') : undefined;
    const process = target ? child(target, 'process') : undefined;
    const text = (e: DomElement | undefined, name: string) => {
      const c = e ? child(e, name) : undefined;
      const t = c?.text.trim();
      return t ? t : null;
    };
    const durationText = text(summary, 'duration');
    const data = child(run, 'data');
    const tables: TocTable[] = (data ? children(data, 'table') : []).map((t) => ({
      schema: attr(t, 'schema') ?? '',
      attributes: t.attrs.filter(([k]) => k !== 'schema'),
    }));
    let deviceName: string | null = null;
    if (device) {
      const os = [attr(device, 'platform'), attr(device, 'os-version')].filter(Boolean).join(' ');
      const detail = [attr(device, 'model'), os].filter(Boolean).join(', ');
      deviceName = [attr(device, 'name'), detail ? `(${detail})` : ''].filter(Boolean).join(' ') || null;
    }
    const tr: TocRun = {
      number,
      template: text(summary, 'template-name'),
      duration: durationText !== null && Number.isFinite(Number(durationText)) ? Number(durationText) : null,
      device: deviceName,
      process: process ? `${attr(process, 'name') ?? '?'}${attr(process, 'pid') ? ` (pid ${attr(process, 'pid')})` : ''}` : null,
      instrumentsVersion: text(summary, 'instruments-version'),
      startDate: text(summary, 'start-date'),
      endReason: text(summary, 'end-reason'),
      tables,
      exportCommands: [],
    };
    tr.exportCommands = exportCommands(tr, tracePath);
    runs.push(tr);
  }
  return runs;
}

/** The `xcrun xctrace export` commands for the useful tables of a run. */
export function exportCommands(run: TocRun, tracePath: string | null): string[] {
  const input = tracePath === null ? '"$TRACE"' : shellQuote(tracePath);
  const out: string[] = [];
  const bySchema = new Map<string, number[]>();
  run.tables.forEach((t, i) => bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), i]));
  const order = run.tables
    .map((t, i) => ({ t, i, rank: USEFUL_SCHEMAS.findIndex((r) => r.test(t.schema)) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  const usedNames = new Set<string>();
  for (const { t, i } of order) {
    const same = bySchema.get(t.schema) ?? [];
    const runSel = `/trace-toc/run[@number="${run.number}"]/data/table`;
    let sel: string;
    let suffix = '';
    if (same.length === 1) sel = `${runSel}[@schema=${xpathLiteral(t.schema)}]`;
    else {
      const unique = t.attributes.filter(([k, v]) => same.filter((j) => (run.tables[j] as TocTable).attributes.some(([k2, v2]) => k2 === k && v2 === v)).length === 1);
      // Prefer the category (os-signpost tables differ by it), then values that need no quoting.
      const distinct = unique.find(([k]) => k === 'category') ?? unique.find(([, v]) => !/["']/.test(v)) ?? unique[0];
      if (distinct) {
        sel = `${runSel}[@schema=${xpathLiteral(t.schema)} and @${distinct[0]}=${xpathLiteral(distinct[1])}]`;
        suffix = '-' + distinct[1].replace(/[^\w.-]+/g, '_').slice(0, 40);
      } else {
        sel = `/trace-toc/run[@number="${run.number}"]/data/table[${i + 1}]`;
        suffix = `-${i + 1}`;
      }
    }
    let name = `run${run.number}-${t.schema}${suffix}.xml`;
    while (usedNames.has(name)) name = name.replace(/\.xml$/, `-${i + 1}.xml`);
    usedNames.add(name);
    out.push(`xcrun xctrace export --input ${input} --xpath ${shellQuote(sel)} --output ${shellQuote(name)}`);
  }
  return out;
}
