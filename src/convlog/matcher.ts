/**
 * Finds the first message pattern that matches a line, fast enough for logs of gigabytes: each
 * pattern gets a literal "needle" (the longest run of plain characters its regex requires, worked
 * out from the regex itself); one scan of the line finds which needles can be in it (a 4-gram
 * index), and only their patterns are tried. (Repeated lines, the bulk of big logs, are matched once:
 * the parser keeps what it learnt of each distinct line, line-facts.ts.)
 */
import type { MessagePattern } from './patterns/types.js';
import { own } from '../core/strings.js';

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

/** Letters that most text is made of: a gram of them says little about which message a line is. */
function commonness(c: number): number {
  if (c === 32) return 6;
  if (c >= 97 && c <= 122) return 'etaoinsrhl'.includes(String.fromCharCode(c)) ? 3 : 2;
  return 1;
}

/** The code of four characters (their low bytes): the same for a gram in a needle and in a line. */
function gramAt(s: string, i: number): number {
  return ((s.charCodeAt(i) & 0xff) << 24) | ((s.charCodeAt(i + 1) & 0xff) << 16) | ((s.charCodeAt(i + 2) & 0xff) << 8) | (s.charCodeAt(i + 3) & 0xff);
}

const BLOOM_BITS = 16;
const bloomSlot = (gram: number): number => Math.imul(gram, 0x9e3779b1) >>> (32 - BLOOM_BITS);

/**
 * Tries the patterns in table order (the first match wins), but only those that can match: each
 * pattern's needle (the literal its regex requires) is indexed by one of its 4-character grams, and
 * one pass over the line collects the patterns whose gram occurs in it. The needle itself and then
 * the regex decide, as without the index; the index only skips patterns whose needle cannot be in
 * the line (a gram of the needle is missing), so the answer is the same, in one scan of the line
 * instead of one `includes` per pattern (a log of distinct warnings misses every cache).
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

  constructor(private readonly patterns: readonly MessagePattern[]) {
    this.needles = patterns.map((p) => requiredLiteral(p.re));
    this.seen = new Uint8Array(patterns.length);
    const grams = this.needles.map((n) => {
      const set = new Set<number>();
      for (let i = 0; i + 4 <= n.length; i++) set.add(gramAt(n, i));
      return set;
    });
    const shared = new Map<number, number>();
    for (const set of grams) for (const g of set) shared.set(g, (shared.get(g) ?? 0) + 1);
    this.needles.forEach((n, idx) => {
      if (n.length < 4) {
        this.always.push(idx);
        return;
      }
      // The gram least likely in other lines: shared by few needles, made of rare characters.
      let best = 0;
      let bestScore = Infinity;
      for (let i = 0; i + 4 <= n.length; i++) {
        const g = gramAt(n, i);
        let score = 10 * ((shared.get(g) ?? 1) - 1);
        for (let k = 0; k < 4; k++) score += commonness(n.charCodeAt(i + k));
        if (score < bestScore) {
          bestScore = score;
          best = g;
        }
      }
      const list = this.byGram.get(best);
      if (list) list.push(idx);
      else this.byGram.set(best, [idx]);
      this.bloom[bloomSlot(best)] = 1;
    });
  }

  match(text: string): PatternHit | null {
    const cand = this.candidates;
    cand.length = 0;
    for (let k = 0; k < this.always.length; k++) cand.push(this.always[k] as number);
    const n = text.length;
    if (n >= 4) {
      const bloom = this.bloom;
      const seen = this.seen;
      let g = ((text.charCodeAt(0) & 0xff) << 16) | ((text.charCodeAt(1) & 0xff) << 8) | (text.charCodeAt(2) & 0xff);
      for (let i = 3; i < n; i++) {
        g = (g << 8) | (text.charCodeAt(i) & 0xff);
        if (bloom[bloomSlot(g)] === 0) continue;
        const list = this.byGram.get(g);
        if (!list) continue;
        for (let k = 0; k < list.length; k++) {
          const idx = list[k] as number;
          if (seen[idx] === 0) {
            seen[idx] = 1;
            cand.push(idx);
          }
        }
      }
      for (let k = 0; k < cand.length; k++) seen[cand[k] as number] = 0;
    }
    // Table order (the first match wins): an insertion sort, the candidates are few.
    for (let k = 1; k < cand.length; k++) {
      const v = cand[k] as number;
      let j = k - 1;
      while (j >= 0 && (cand[j] as number) > v) {
        cand[j + 1] = cand[j] as number;
        j--;
      }
      cand[j + 1] = v;
    }
    for (let k = 0; k < cand.length; k++) {
      const i = cand[k] as number;
      const needle = this.needles[i] as string;
      if (needle && !text.includes(needle)) continue;
      const p = this.patterns[i] as MessagePattern;
      const m = p.re.exec(text);
      if (m) {
        const groups: Record<string, string | undefined> = {};
        const g = m.groups;
        if (g) for (const key in g) groups[key] = g[key] === undefined ? undefined : own(g[key] as string);
        return { pattern: p, groups };
      }
    }
    return null;
  }
}
