/**
 * tqdm progress bars: `<desc>: <pct>%|<bar>| <n>/<total> [<elapsed><<eta>, <rate> ops/s]`.
 * A bar redraws itself with \r; the last state of a bar counts. Other output is often glued to the
 * end of a bar (`... ops/s]Saving value type of int64 ...`), so a bar line is split into the bar and
 * the rest. Only coremltools' own bars become stages; the descriptions are data.
 */
import type { Frontend, Stage, StageKind } from './model.js';
import { own } from '../core/strings.js';

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
  // onnx-coreml (and coremltools 4-5's ONNX converter) print `N/M: Converting Node Type X` per node.
  { re: /^ONNX Converting Node Type$/, kind: 'frontend', frontend: 'onnx' },
];

/** `12/110: Converting Node Type Conv`: printed before each node is converted. */
export const ONNX_NODE_LINE = /^(?<n>\d+)\/(?<total>\d+): Converting Node Type (?<op>\S+)\s*$/;

const ONNX_DESC = 'ONNX Converting Node Type';

/** The bar state of an ONNX node line: node n is being converted, so n - 1 are done. */
export function onnxNodeBar(n: number, total: number): BarState {
  return { desc: ONNX_DESC, percent: Math.floor((100 * (n - 1)) / total), done: n - 1, total, rest: '', before: '', stage: resolveDescription(ONNX_DESC).stage };
}

export interface BarState {
  desc: string;
  percent: number;
  done: number | null;
  total: number | null;
  /** Text glued after the bar's closing `]`, if any. */
  rest: string;
  /** Text before the description that is not part of it (user output glued before a bar). */
  before: string;
  /** The coremltools stage the description names (describeStage(desc)), if any. */
  stage: StageDescription | undefined;
}

const GLUED_DESCRIPTIONS: readonly RegExp[] = STAGE_DESCRIPTIONS.map(
  (d) => new RegExp(`(${d.re.source.replace(/^\^/, '').replace(/\$$/, '')})$`),
);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** What ends a bar's description on its left: `%`, `|`, a line break. */
const isDescriptionStop = (c: number) => c === 37 || c === 124 || c === 10 || c === 13;

/**
 * Parses a tqdm bar: `<desc>: <pct>%|<bar>| <n>/<total> [<info>]<rest>`; the bar may be cut anywhere
 * after `%|`. Hand-written (not a regex): bars are most of the lines of a big log.
 * Returns null when the line holds no bar.
 */
export function parseBar(line: string): BarState | null {
  const at = line.indexOf('%|');
  if (at < 0) return null;
  let p = at;
  while (p > 0 && at - p < 3 && isDigit(line.charCodeAt(p - 1))) p--;
  if (p === at) return null;
  const percent = digits(line, p, at);
  let q = p;
  while (q > 0 && isSpace(line.charCodeAt(q - 1))) q--;
  if (q === 0 || line.charCodeAt(q - 1) !== 58 /* : */) return null;
  const colon = q - 1;
  // A log cycles through a few descriptions (a conversion's frontend and pass bars): the last ones
  // are compared in place, not sliced and looked up. One that ends at the colon and starts the line
  // (or follows a `%`, `|` or line break) is where the scan below would find the description: it
  // is taken without the scan.
  let resolved: ResolvedDescription | undefined;
  let s = -1;
  for (let k = 0; k < RECENT; k++) {
    const raw = recentRaw[k] as string;
    const at = colon - raw.length;
    if (at >= 0 && isLetter(raw.charCodeAt(0)) && (at === 0 || isDescriptionStop(line.charCodeAt(at - 1))) && line.startsWith(raw, at)) {
      resolved = recentResolved[k] as ResolvedDescription;
      s = at;
      break;
    }
  }
  if (resolved === undefined) {
    // The description: at most 200 characters before the colon, no `%`, `|` or line break, from its first letter.
    s = colon;
    while (s > 0 && colon - s < 200) {
      if (isDescriptionStop(line.charCodeAt(s - 1))) break;
      s--;
    }
    while (s < colon && !isLetter(line.charCodeAt(s))) s++;
    if (s >= colon) return null;
    for (let k = 0; k < RECENT; k++) {
      const raw = recentRaw[k] as string;
      if (raw.length === colon - s && line.startsWith(raw, s)) {
        resolved = recentResolved[k] as ResolvedDescription;
        break;
      }
    }
  }
  if (resolved === undefined) {
    const raw = own(line.slice(s, colon));
    resolved = resolveDescription(raw.trim());
    recentRaw[recentNext] = raw;
    recentResolved[recentNext] = resolved;
    recentNext = (recentNext + 1) % RECENT;
  }
  const before = s === 0 ? resolved.prefix : line.slice(0, s) + resolved.prefix;

  let done: number | null = null;
  let total: number | null = null;
  let rest = '';
  const barEnd = line.indexOf('|', at + 2);
  if (barEnd >= 0) {
    let i = barEnd + 1;
    while (i < line.length && isSpace(line.charCodeAt(i))) i++;
    let j = i;
    while (j < line.length && isDigit(line.charCodeAt(j))) j++;
    if (j > i) {
      done = digits(line, i, j);
      if (line.charCodeAt(j) === 47 /* / */) {
        let k = j + 1;
        if (line.charCodeAt(k) === 63 /* ? */) k++;
        else {
          while (k < line.length && isDigit(line.charCodeAt(k))) k++;
          if (k > j + 1) total = digits(line, j + 1, k);
        }
        j = k;
      }
      while (j < line.length && isSpace(line.charCodeAt(j))) j++;
      if (line.charCodeAt(j) === 91 /* [ */) {
        const close = line.indexOf(']', j);
        if (close >= 0) rest = line.slice(close + 1);
      }
    }
  }
  return { desc: resolved.desc, percent, done, total, rest, before, stage: resolved.stage };
}

/** The number written in line[from, to) (ASCII digits only; as Number() of the slice). */
function digits(line: string, from: number, to: number): number {
  if (to - from > 15) return Number(line.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (line.charCodeAt(i) - 48);
  return n;
}

interface ResolvedDescription {
  desc: string;
  /** User output glued before the known description. */
  prefix: string;
  stage: StageDescription | undefined;
}

const resolvedCache = new Map<string, ResolvedDescription>();
/** The last descriptions met (raw, as in the line) and what they resolved to. */
const RECENT = 6;
const recentRaw: string[] = new Array<string>(RECENT).fill('\u0000');
const recentResolved: ResolvedDescription[] = new Array<ResolvedDescription>(RECENT).fill({ desc: '', prefix: '', stage: undefined });
let recentNext = 0;

/** The known description inside `desc` (user output glued before a bar is split off), cached. */
function resolveDescription(desc: string): ResolvedDescription {
  const hit = resolvedCache.get(desc);
  if (hit) return hit;
  let r: ResolvedDescription = { desc, prefix: '', stage: STAGE_DESCRIPTIONS.find((d) => d.re.test(desc)) };
  if (!r.stage) {
    for (const re of GLUED_DESCRIPTIONS) {
      const mm = re.exec(desc);
      if (mm && mm[1]) {
        const known = mm[1];
        r = { desc: known, prefix: desc.slice(0, desc.length - known.length), stage: STAGE_DESCRIPTIONS.find((d) => d.re.test(known)) };
        break;
      }
    }
  }
  if (resolvedCache.size > 1000) resolvedCache.clear();
  const kept = { ...r, desc: own(r.desc), prefix: own(r.prefix) };
  resolvedCache.set(own(desc), kept);
  return kept;
}

export function describeStage(desc: string): StageDescription | undefined {
  return resolveDescription(desc).stage;
}

/**
 * Tracks bar instances. A new state of the same bar updates it (the last state counts); a bar
 * that restarts below its previous count (a nested TF while-loop body) is a new instance.
 */
/** Stage instances kept per conversion run (a TF model with many loop bodies keeps its most recent ones). */
export const MAX_STAGES = 500;
/** Stages a run searches in place before it indexes them by name. */
const NAME_SCAN = 8;
/** The candidates find reads (one array of four for every search; it holds stages until overwritten, as a finished run's do). */
const CANDIDATES: (Stage | undefined)[] = [undefined, undefined, undefined, undefined];

export class StageTracker {
  /** (Array.of, not a literal: see NO_OPS in runs.ts.) */
  readonly stages: Stage[] = Array.of<Stage>();
  /** Instances dropped (the oldest) to keep memory bounded. */
  dropped = 0;
  /** Whether the last update started a new instance. */
  created = false;
  /**
   * The instances of each bar, by description, most recent last (only the last few are candidates):
   * made once the run has more than NAME_SCAN stages (fewer are searched in place: a sweep's log
   * opens a run, and a stage, every few lines), let go when the run is finished (see release).
   */
  private byName: Map<string, Stage[]> | null = null;
  private released = false;

  /** The next stage created is a loop body's bar, inside the main one. */
  nestNext = false;

  /** Whether this state of a bar would start a new stage instance (rather than update one). */
  wouldCreate(bar: BarState): boolean {
    if (bar.stage === undefined) return false;
    this.found = this.find(bar);
    this.foundFor = bar;
    return this.found === undefined;
  }

  /** The instance wouldCreate found for a bar (update, which follows it, does not search again). */
  private found: Stage | undefined;
  private foundFor: BarState | null = null;

  /** The last four instances of a bar, most recent first: how many, in CANDIDATES[0, n). */
  private candidates(desc: string): number {
    if (this.released) return 0;
    const out = CANDIDATES;
    let n = 0;
    if (this.byName === null) {
      // No stage is dropped before the index is made (MAX_STAGES > NAME_SCAN): these are its instances.
      const stages = this.stages;
      for (let i = stages.length - 1; i >= 0 && n < 4; i--) if ((stages[i] as Stage).name === desc) out[n++] = stages[i] as Stage;
      return n;
    }
    const instances = this.byName.get(desc);
    if (instances === undefined) return 0;
    for (let i = instances.length - 1; i >= Math.max(0, instances.length - 4); i--) out[n++] = instances[i] as Stage;
    return n;
  }

  private find(bar: BarState): Stage | undefined {
    const count = this.candidates(bar.desc);
    if (count === 0) return undefined;
    const instances = CANDIDATES;
    const n = bar.done;
    const last = this.stages[this.stages.length - 1];
    // (A stage moves forward when n === null || s.done === null || n >= s.done.)
    for (let i = 0; i < count; i++) {
      const s = instances[i] as Stage;
      if ((s.total === bar.total || bar.total === null || s.total === null) && (n === null || s.done === null || n >= s.done)) return s;
    }
    // Growing total (a scripted model in 4.x discovers ops as it goes): the last bar, if it moves forward
    // (tried after the totals, so that the outer bar resuming after a loop body's is the outer bar).
    for (let i = 0; i < count; i++) {
      const s = instances[i] as Stage;
      if (s === last && (n === null || s.done === null || n >= s.done) && (n ?? 0) > 0) return s;
    }
    return undefined;
  }

  /** Files a new stage under its name (once the index is made; it is made from the stages when they pass NAME_SCAN). */
  private index(target: Stage): void {
    if (this.byName === null) {
      if (this.stages.length <= NAME_SCAN) return;
      this.byName = new Map();
      for (const s of this.stages) this.file(s);
      return;
    }
    this.file(target);
  }

  private file(target: Stage): void {
    const byName = this.byName as Map<string, Stage[]>;
    const instances = byName.get(target.name);
    if (instances === undefined) byName.set(target.name, [target]);
    else {
      instances.push(target);
      if (instances.length > 4) instances.shift();
    }
  }

  /**
   * The run is finished: its stages are listed as they are, never updated again, so what finds
   * them goes (a log of a sweep finishes a run every few lines, and the last thousand are kept).
   */
  release(): void {
    this.byName = null;
    this.released = true;
    this.found = undefined;
    this.foundFor = null;
  }

  update(bar: BarState, line: number): Stage | null {
    const d = bar.stage;
    if (!d) return null;
    const n = bar.done;
    let target = this.foundFor === bar ? this.found : this.find(bar);
    this.foundFor = null;
    this.found = undefined;
    this.created = !target;
    if (!target) {
      // bar.desc is already its own copy (resolveDescription keeps one).
      target = new StageState(bar.desc, d.kind, n, bar.total, bar.percent, line);
      if (this.nestNext) target.nested = true;
      this.nestNext = false;
      this.stages.push(target);
      this.index(target);
      if (this.stages.length > MAX_STAGES) {
        // Loop bodies go first: the main graph's stages are what the run is judged by.
        const i = this.stages.findIndex((s) => s.nested);
        this.stages.splice(i >= 0 ? i : 0, 1);
        this.dropped++;
      }
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

/** A stage instance (a class, not a literal: see NO_OPS in runs.ts). Its fields are Stage's (declaration merging), set in Stage's order: the JSON lists them so. */
interface StageState extends Stage {}
class StageState {
  constructor(name: string, kind: StageKind, done: number | null, total: number | null, percent: number | null, line: number) {
    this.name = name;
    this.kind = kind;
    this.done = done;
    this.total = total;
    this.percent = percent;
    this.line = line;
  }
}

export function stageComplete(s: Stage): boolean {
  if (s.done !== null && s.total !== null) return s.done >= s.total;
  return s.percent === 100;
}
