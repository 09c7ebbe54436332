/**
 * Finds the first message pattern that matches a line, fast enough for logs of gigabytes: each
 * pattern gets a literal "needle" (the longest run of plain characters its regex requires, worked
 * out from the regex itself); one scan of the line finds which needles can be in it (a 4-gram
 * index), and only their patterns are tried. (Repeated lines, the bulk of big logs, are matched once:
 * the parser keeps what it learnt of each distinct line, line-facts.ts.)
 */
import type { MessagePattern } from './patterns/types.js';

const NO_GROUPS: Record<string, string | undefined> = Object.freeze({});

export interface PatternHit {
  pattern: MessagePattern;
  groups: Record<string, string | undefined>;
}

/**
 * The longest literal run that every match of `re` contains, or '' when none can be proven
 * (alternation at the top level, case-insensitive flag). Only top-level atoms count: anything in a
 * group, a class or before a quantifier that allows zero repetitions ends the run.
 */
export function requiredLiteral(re: RegExp): string {
  if (re.flags.includes('i')) return '';
  const src = re.source;
  let depth = 0;
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (depth > 0) continue;
      if (/[dDwWsSbBnrtvf0-9cxuk]/.test(n)) {
        // A class escape or a special: not a literal. (\x, \u, \c, \k take arguments: rare here.)
        flush();
        continue;
      }
      run += n;
      continue;
    }
    if (c === '[') {
      // Skip a character class.
      flush();
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      if (depth === 0) skipQuantifier();
      continue;
    }
    if (c === '(') {
      flush();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth === 0) skipQuantifier();
      continue;
    }
    if (c === '|') {
      if (depth === 0) return '';
      continue;
    }
    if (depth > 0) continue;
    if (c === '^' || c === '$' || c === '.') {
      flush();
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      // The previous character may be absent: drop it from the run.
      run = run.slice(0, -1);
      flush();
      if (c === '{') while (i < src.length && src[i] !== '}') i++;
      if (src[i + 1] === '?') i++;
      continue;
    }
    if (c === '+') {
      flush();
      if (src[i + 1] === '?') i++;
      continue;
    }
    run += c;
  }
  flush();
  return best;

  function skipQuantifier(): void {
    // A group or class followed by ? * {0,..} is optional; + is fine. Either way the run ends.
    run = '';
  }
}

/** Letters that most text is made of: a gram of them says little about which message a line is (by char code, below 256). */
const COMMONNESS = ((): Uint8Array => {
  const t = new Uint8Array(256).fill(1);
  for (let c = 97; c <= 122; c++) t[c] = 2;
  for (const ch of 'etaoinsrhl') t[ch.charCodeAt(0)] = 3;
  t[32] = 6;
  return t;
})();
const commonness = (c: number): number => (c < 256 ? (COMMONNESS[c] as number) : 1);

/**
 * The codes of a string's 4-character grams (their low bytes), in order: gram i is the same code for
 * a gram in a needle and at the same characters of a line (see match). Rolled, one step a character.
 */
function gramsOf(s: string): Int32Array {
  const n = s.length;
  const out = new Int32Array(Math.max(0, n - 3));
  let g = 0;
  for (let i = 0; i < n; i++) {
    g = (g << 8) | (s.charCodeAt(i) & 0xff);
    if (i >= 3) out[i - 3] = g;
  }
  return out;
}

const BLOOM_BITS = 16;
/** Grams read at most this many characters apart (a needle of 11 characters has 8 grams). */
const MAX_STEP = 8;
/** An index entry is pattern * OFFSETS + the gram's place in the needle (grams indexed start before it). */
const OFFSETS = 1 << 12;
/** Lines matched one needle after another before the index is built. */
const INDEX_AFTER = 512;
const bloomSlot = (gram: number): number => Math.imul(gram, 0x9e3779b1) >>> (32 - BLOOM_BITS);

/**
 * Tries the patterns in table order (the first match wins), but only those that can match: each
 * pattern's needle (the literal its regex requires) is indexed by `step` consecutive 4-character
 * grams of it (step: the shortest needle's gram count, at most 8), and one pass over the line,
 * reading a gram every `step` characters, collects the patterns whose gram occurs in it (wherever a
 * needle stands, one of its indexed grams is read). The needle itself and then the regex decide, as
 * without the index; the index only skips patterns whose needle cannot be in the line, so the
 * answer is the same, in one pass reading an eighth of the line's grams instead of one `includes`
 * per pattern (a log of distinct warnings misses every cache).
 */
export class MessageMatcher {
  private readonly needles: string[];
  /** Patterns with no indexable needle (none, or shorter than a gram): tried on every line. */
  private readonly always: number[] = [];
  /** Gram code → the patterns indexed by it. */
  private readonly byGram = new Map<number, number[]>();
  /** Whether any gram hashes to a slot: most positions of a line stop here. */
  private readonly bloom = new Uint8Array(1 << BLOOM_BITS);
  private readonly seen: Uint8Array;
  private readonly candidates: number[] = [];
  /** Lines matched before the index is built: a small log is matched needle by needle, without one. */
  private unindexed = 0;
  private indexed = false;
  /** Grams are read this many characters apart in a line (see buildIndex). */
  private step = 1;

  constructor(
    private readonly patterns: readonly MessagePattern[],
    /** Lines matched without the index before it is built (tests pass 0 and Infinity to check both ways). */
    private readonly indexAfter = INDEX_AFTER,
  ) {
    this.needles = patterns.map((p) => requiredLiteral(p.re));
    this.seen = new Uint8Array(patterns.length);
  }

  /**
   * The 4-gram index, built when a log turns out to have more than a few hundred distinct lines
   * (building it cost `log` on a small file 15-30 ms of its start-up, in code not yet optimised).
   */
  private buildIndex(): void {
    this.indexed = true;
    const grams = this.needles.map(gramsOf);
    /** How many needles hold each gram (counted once per needle). */
    const shared = new Map<number, number>();
    // (A Set per needle, not indexOf: this runs once, in code not yet optimised, and indexOf made it
    // quadratic in the needle's length.)
    const once = new Set<number>();
    for (const gs of grams) {
      once.clear();
      for (let i = 0; i < gs.length; i++) {
        const g = gs[i] as number;
        if (once.has(g)) continue;
        once.add(g);
        shared.set(g, (shared.get(g) ?? 0) + 1);
      }
    }
    // The step: every needle indexed spans at least `step` grams, so grams read `step` apart in a
    // line meet one of any `step` consecutive grams of each needle it holds (at most MAX_STEP).
    let shortest = Infinity;
    for (const n of this.needles) if (n.length >= 4 && n.length < shortest) shortest = n.length;
    const step = shortest === Infinity ? 1 : Math.min(MAX_STEP, shortest - 3);
    this.step = step;
    for (let idx = 0; idx < this.needles.length; idx++) {
      const n = this.needles[idx] as string;
      if (n.length < 4) {
        this.always.push(idx);
        continue;
      }
      // The `step` consecutive grams least likely in other lines: shared by few needles, made of rare characters.
      const gs = grams[idx] as Int32Array;
      // Each gram's score once, then the windows' sums (integers: the same sums, the same first best).
      const scores = new Int32Array(gs.length);
      for (let i = 0; i < gs.length; i++) {
        let x = 10 * ((shared.get(gs[i] as number) ?? 1) - 1);
        for (let k = 0; k < 4; k++) x += commonness(n.charCodeAt(i + k));
        scores[i] = x;
      }
      let best = 0;
      let bestScore = Infinity;
      let sum = 0;
      for (let k = 0; k < step && k < gs.length; k++) sum += scores[k] as number;
      for (let i = 0; i + step <= gs.length && i + step <= OFFSETS; i++) {
        if (i > 0) sum += (scores[i + step - 1] as number) - (scores[i - 1] as number);
        if (sum < bestScore) {
          bestScore = sum;
          best = i;
        }
      }
      for (let k = 0; k < step; k++) {
        const g = gs[best + k] as number;
        // The pattern and where the gram stands in its needle, in one number.
        const entry = idx * OFFSETS + best + k;
        const list = this.byGram.get(g);
        if (!list) this.byGram.set(g, [entry]);
        else list.push(entry);
        this.bloom[bloomSlot(g)] = 1;
      }
    }
  }

  match(text: string): PatternHit | null {
    if (!this.indexed) {
      if (++this.unindexed <= this.indexAfter) return this.matchEach(text);
      this.buildIndex();
    }
    // The candidates are cand[0, nc) (the array is reused and never shortened: setting its length was a call per line).
    const cand = this.candidates;
    let nc = 0;
    for (let k = 0; k < this.always.length; k++) cand[nc++] = this.always[k] as number;
    const n = text.length;
    if (n >= 4) {
      const bloom = this.bloom;
      const seen = this.seen;
      const step = this.step;
      // The gram ending at i, for i = 3, 3 + step, ... < n: wherever a needle stands, its `step`
      // indexed grams end at `step` consecutive positions inside the line, and one of them is read.
      for (let i = 3; i < n; i += step) {
        const g = ((text.charCodeAt(i - 3) & 0xff) << 24) | ((text.charCodeAt(i - 2) & 0xff) << 16) | ((text.charCodeAt(i - 1) & 0xff) << 8) | (text.charCodeAt(i) & 0xff);
        if (bloom[bloomSlot(g)] === 0) continue;
        const list = this.byGram.get(g);
        if (!list) continue;
        for (let k = 0; k < list.length; k++) {
          const entry = list[k] as number;
          const idx = (entry / OFFSETS) | 0;
          if (seen[idx] !== 0) continue;
          // The needle checked where the gram puts it (a gram shared with other text is most hits).
          const at = i - 3 - (entry - idx * OFFSETS);
          if (at >= 0 && text.startsWith(this.needles[idx] as string, at)) {
            seen[idx] = 1;
            cand[nc++] = idx;
          }
        }
      }
      for (let k = 0; k < nc; k++) seen[cand[k] as number] = 0;
    }
    // Table order (the first match wins): an insertion sort, the candidates are few.
    for (let k = 1; k < nc; k++) {
      const v = cand[k] as number;
      let j = k - 1;
      while (j >= 0 && (cand[j] as number) > v) {
        cand[j + 1] = cand[j] as number;
        j--;
      }
      cand[j + 1] = v;
    }
    for (let k = 0; k < nc; k++) {
      const idx = cand[k] as number;
      // An indexed candidate's needle is in the line (checked above); an `always` one's is not.
      const hit = this.tryPattern(idx, text, (this.needles[idx] as string).length >= 4);
      if (hit) return hit;
    }
    return null;
  }

  /** Every pattern in table order, each needle searched with `includes` (the same answer as the index gives). */
  private matchEach(text: string): PatternHit | null {
    for (let i = 0; i < this.patterns.length; i++) {
      const hit = this.tryPattern(i, text);
      if (hit) return hit;
    }
    return null;
  }

  private tryPattern(i: number, text: string, needleFound = false): PatternHit | null {
    const needle = this.needles[i] as string;
    if (!needleFound && needle && !text.includes(needle)) return null;
    const p = this.patterns[i] as MessagePattern;
    const m = p.re.exec(text);
    if (!m) return null;
    // The regex's own groups object (a fresh one per match): its strings are slices of the text,
    // which the parser copies (own) before it stores one; a kept line's facts hold its own copy.
    return { pattern: p, groups: m.groups ?? NO_GROUPS };
  }
}
