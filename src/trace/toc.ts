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

export interface TocRule {
  schema: RegExp;
  /** What `trace` reads the table as. */
  reads: 'profile' | 'intervals' | 'signposts';
  /** How we know its columns (a TOC lists no columns). */
  evidence: string;
}

/**
 * The tables `trace` reads, in the order their export commands are listed: profiles, then the
 * Core ML / Neural Engine / GPU tables, signposts, then every other table with start-time and
 * duration columns. A TOC names tables, not columns, so each row says how its columns are known;
 * the last rule takes any table named like an interval table ("…-interval(s)").
 */
export const TOC_RULES: readonly TocRule[] = [
  { schema: /^time-profile$/, reads: 'profile', evidence: 'real exports (corpus)' },
  { schema: /^cpu-profile$/, reads: 'profile', evidence: 'real exports (corpus)' },
  { schema: /^counters-profile$/, reads: 'profile', evidence: 'real exports (corpus)' },
  { schema: /^coreml-os-signpost$/, reads: 'intervals', evidence: 'research/TRACES.md §1.9 (parsers of real exports)' },
  { schema: /^ane-hw-intervals(-internal)?$/, reads: 'intervals', evidence: 'research/TRACES.md §1.9; Microsoft-Performance-Tools-Apple AneHwIntervalEvent (start-time, duration)' },
  { schema: /^mps-hw-intervals$/, reads: 'intervals', evidence: 'research/TRACES.md §1.9 (reported)' },
  { schema: /^metal-gpu-intervals$/, reads: 'intervals', evidence: 'Microsoft-Performance-Tools-Apple MetalGpuIntervalEvent; parsers of real exports' },
  { schema: /^gpu-performance-state-intervals$/, reads: 'intervals', evidence: 'parsers of real exports (start, duration, gpu-performance-state)' },
  { schema: /^metal-gpu-state-intervals$/, reads: 'intervals', evidence: 'parsers of real exports (state, duration)' },
  { schema: /^Model(Loading|Inference)Table$/, reads: 'intervals', evidence: 'real Xcode 27 export (corpus) and schema' },
  { schema: /^os-signpost$/, reads: 'signposts', evidence: 'research/TRACES.md §1.8' },
  { schema: /^os-signpost-interval$|^OSSignpostIntervals$/, reads: 'intervals', evidence: 'Xcode 27 schema (start-time, duration, signpost-name)' },
  { schema: /^potential-hangs$/, reads: 'intervals', evidence: 'Xcode 27 schema (start, duration, hang-type); Microsoft-Performance-Tools-Apple PotentialHangEvent' },
  { schema: /^dyld-activity-interval$/, reads: 'intervals', evidence: 'parsers of real App Launch exports (start, duration, type, level)' },
  { schema: /^life-cycle-period$/, reads: 'intervals', evidence: 'Microsoft-Performance-Tools-Apple LifeCyclePeriodEvent (start-time, duration, app-period)' },
  { schema: /^device-thermal-state-intervals$/, reads: 'intervals', evidence: 'Microsoft-Performance-Tools-Apple DeviceThermalStateIntervalEvent' },
  { schema: /^(thread-state|syscall|virtual-memory)$/, reads: 'intervals', evidence: 'Microsoft-Performance-Tools-Apple ThreadStateEvent, SyscallEvent, VirtualMemoryEvent (start-time, duration)' },
  {
    schema: /^(hitches|hitches-renders|runloop-intervals|swiftui-updates|swiftui-layout-updates|swiftui-update-groups|SwiftUIFilteredUpdates|SwiftTaskLifetime|SwiftTaskStateTable|core-data-(fetch|save|fault|relationship-fault)|fs-syscall|detected-fs-antipattern|com-apple-cfnetwork-task-intervals|InstructionsTable|RequestTable|SessionTable|ToolTable)$/,
    reads: 'intervals',
    evidence: 'Xcode 27 schemas with start-time and duration (xctrace-query-mcp-server fixtures: real columns)',
  },
  { schema: /-intervals?$|Intervals?$/, reads: 'intervals', evidence: 'named as an interval table (start-time and duration, by Instruments\' naming)' },
  { schema: /^time-sample$/, reads: 'profile', evidence: 'real exports (corpus): unsymbolicated' },
];

/** The rule for a table `trace` reads, or undefined. */
export function tocRule(schema: string): TocRule | undefined {
  return TOC_RULES.find((r) => r.schema.test(schema));
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
      endDate: text(summary, 'end-date'),
      endReason: text(summary, 'end-reason'),
      tables,
      exportCommands: [],
    };
    tr.exportCommands = exportCommands(tr, tracePath);
    runs.push(tr);
  }
  return runs;
}

/** The `xcrun xctrace export` commands for the tables of a run that `trace` reads. */
export function exportCommands(run: TocRun, tracePath: string | null): string[] {
  const input = tracePath === null ? '"$TRACE"' : shellQuote(tracePath);
  const out: string[] = [];
  const bySchema = new Map<string, number[]>();
  run.tables.forEach((t, i) => bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), i]));
  const order = run.tables
    .map((t, i) => ({ t, i, rank: TOC_RULES.findIndex((r) => r.schema.test(t.schema)) }))
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
