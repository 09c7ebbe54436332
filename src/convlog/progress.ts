/**
 * tqdm progress bars: `<desc>: <pct>%|<bar>| <n>/<total> [<elapsed><<eta>, <rate> ops/s]`.
 * A bar redraws itself with \r; the last state of a bar counts. Other output is often glued to the
 * end of a bar (`... ops/s]Saving value type of int64 ...`), so a bar line is split into the bar and
 * the rest. Only coremltools' own bars become stages; the descriptions are data.
 */
import type { Frontend, Stage, StageKind } from './model.js';

export interface StageDescription {
  re: RegExp;
  kind: StageKind;
  frontend?: Frontend;
  /** The coremltools releases that print this description (inclusive). */
  versions?: { min?: string; max?: string };
  /** Frontend variant implied by it (tf2 for frontend_tensorflow2). */
  variant?: string;
}

/** Sources: the tqdm descriptions in coremltools 4.0-9.0 (see ../shared/research/SUMMARY_convlogs.md). */
export const STAGE_DESCRIPTIONS: readonly StageDescription[] = [
  { re: /^Converting PyTorch Frontend ==> MIL Ops$/, kind: 'frontend', frontend: 'pytorch', versions: { min: '6.0' } },
  { re: /^Converting TF Frontend ==> MIL Ops$/, kind: 'frontend', frontend: 'tensorflow', versions: { min: '6.0' } },
  { re: /^Converting Frontend ==> MIL Ops$/, kind: 'frontend', versions: { min: '4.0', max: '5.2' } },
  { re: /^Running TensorFlow Graph Passes$/, kind: 'graph-passes', frontend: 'tensorflow' },
  { re: /^Running MIL frontend_pytorch pipeline$/, kind: 'mil-passes', frontend: 'pytorch', versions: { min: '6.3' } },
  { re: /^Running MIL frontend_tensorflow2 pipeline$/, kind: 'mil-passes', frontend: 'tensorflow', variant: 'tf2', versions: { min: '6.3' } },
  { re: /^Running MIL frontend_tensorflow pipeline$/, kind: 'mil-passes', frontend: 'tensorflow', variant: 'tf1', versions: { min: '6.3' } },
  { re: /^Running MIL backend_\w+ pipeline$/, kind: 'backend', versions: { min: '6.3' } },
  { re: /^Running MIL default_(?:palettization|sparsification) pipeline$/, kind: 'compression', versions: { min: '6.3' } },
  { re: /^Running MIL [\w-]+ pipeline$/, kind: 'mil-passes', versions: { min: '6.3' } },
  { re: /^Running MIL optimization passes$/, kind: 'mil-passes', versions: { min: '4.0', max: '4.1' } },
  { re: /^Running MIL (?:Common|Clean up) passes$/, kind: 'mil-passes', versions: { min: '5.0', max: '6.2' } },
  { re: /^Translating MIL ==> NeuralNetwork Ops$/, kind: 'backend', versions: { min: '4.1' } },
  { re: /^Translating MIL ==> MLModel Ops$/, kind: 'backend', versions: { min: '4.0', max: '4.0' } },
  { re: /^Running (?:activation )?compression pass \w+$/, kind: 'compression', versions: { min: '7.0' } },
  { re: /^Getting Core ML weights meta data$/, kind: 'compression', versions: { min: '7.0' } },
];

export interface BarState {
  desc: string;
  percent: number;
  done: number | null;
  total: number | null;
  /** Text glued after the bar's closing `]`, if any. */
  rest: string;
  /** Text before the description that is not part of it (user output glued before a bar). */
  before: string;
}

// desc: pct%|bar|  n/total [info]rest      (the bar may be cut anywhere after `%|`)
const BAR_RE = /(?<desc>[A-Za-z][^\r\n%|]{0,200}?):\s*(?<pct>\d{1,3})%\|(?<bar>[^|]*)(?:\|\s*(?<n>\d+)(?:\/(?<total>\d+|\?))?\s*(?:\[(?<info>[^\]]*)(?:\](?<rest>.*))?)?)?$/s;

const GLUED_DESCRIPTIONS: readonly RegExp[] = STAGE_DESCRIPTIONS.map(
  (d) => new RegExp(`(${d.re.source.replace(/^\^/, '').replace(/\$$/, '')})$`),
);

/** Parses a tqdm bar line. Returns null when the line holds no bar. */
export function parseBar(line: string): BarState | null {
  const at = line.indexOf('%|');
  if (at < 0) return null;
  const m = BAR_RE.exec(line);
  if (!m || !m.groups) return null;
  const g = m.groups;
  let desc = (g.desc as string).trim();
  let before = line.slice(0, m.index);
  // User output glued before a bar: keep the known description only.
  if (!describeStage(desc)) {
    for (const re of GLUED_DESCRIPTIONS) {
      const mm = re.exec(desc);
      if (mm && mm[1]) {
        before += desc.slice(0, desc.length - mm[1].length);
        desc = mm[1];
        break;
      }
    }
  }
  const total = g.total === undefined || g.total === '?' ? null : Number(g.total);
  return {
    desc,
    percent: Number(g.pct),
    done: g.n === undefined ? null : Number(g.n),
    total,
    rest: g.rest ?? '',
    before,
  };
}

export function describeStage(desc: string): StageDescription | undefined {
  return STAGE_DESCRIPTIONS.find((d) => d.re.test(desc));
}

/**
 * Tracks bar instances. A new state of the same bar updates it (the last state counts); a bar
 * that restarts below its previous count (a nested TF while-loop body) is a new instance.
 */
export class StageTracker {
  readonly stages: Stage[] = [];

  update(bar: BarState, line: number): Stage | null {
    const d = describeStage(bar.desc);
    if (!d) return null;
    const n = bar.done;
    let target: Stage | undefined;
    for (let i = this.stages.length - 1; i >= 0; i--) {
      const s = this.stages[i] as Stage;
      if (s.name !== bar.desc) continue;
      const sameTotal = s.total === bar.total || bar.total === null || s.total === null;
      const notBackwards = n === null || s.done === null || n >= s.done;
      if (sameTotal && notBackwards) {
        target = s;
        break;
      }
      // Growing total (a scripted model in 4.x discovers ops as it goes): same bar if it moves forward.
      if (i === this.stages.length - 1 && notBackwards && (n ?? 0) > 0) {
        target = s;
        break;
      }
    }
    if (!target) {
      target = { name: bar.desc, kind: d.kind, done: n, total: bar.total, percent: bar.percent, line };
      this.stages.push(target);
    } else {
      if (n !== null) target.done = n;
      else if (bar.percent !== target.percent) {
        // A redraw cut before its counter: only the percentage is known now.
        target.done = null;
        target.total = null;
      }
      if (bar.total !== null) target.total = bar.total;
      target.percent = bar.percent;
      target.line = line;
    }
    return target;
  }
}

export function stageComplete(s: Stage): boolean {
  if (s.done !== null && s.total !== null) return s.done >= s.total;
  return s.percent === 100;
}
