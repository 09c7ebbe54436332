/**
 * Finds the first message pattern that matches a line, fast enough for logs of gigabytes: each
 * pattern gets a literal "needle" (the longest run of plain characters its regex requires, worked
 * out from the regex itself), tested with String#includes before the regex runs; repeated lines,
 * the bulk of big logs, hit a small cache.
 */
import type { MessagePattern } from './patterns/types.js';
import { own } from '../core/strings.js';

export interface PatternHit {
  pattern: MessagePattern;
  groups: Record<string, string | undefined>;
}

const CACHE_LIMIT = 4096;

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

export class MessageMatcher {
  private readonly needles: string[];
  private readonly cache = new Map<string, PatternHit | null>();

  constructor(private readonly patterns: readonly MessagePattern[]) {
    this.needles = patterns.map((p) => requiredLiteral(p.re));
  }

  match(text: string): PatternHit | null {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    let hit: PatternHit | null = null;
    for (let i = 0; i < this.patterns.length; i++) {
      const needle = this.needles[i] as string;
      if (needle && !text.includes(needle)) continue;
      const p = this.patterns[i] as MessagePattern;
      const m = p.re.exec(text);
      if (m) {
        const groups: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) groups[k] = v === undefined ? undefined : own(v);
        hit = { pattern: p, groups };
        break;
      }
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(own(text), hit);
    return hit;
  }
}
