/**
 * The coremltools releases the registry knows, in order: the final releases 4.0 ... 9.0, then
 * `main` (the unreleased branch as of the research snapshot). "Since" always means the first final
 * release; `main` sorts after every release.
 */
import { RELEASES } from './data.js';

export const MAIN = 'main';

/** Every final release, then `main`. */
export const ALL_RELEASES: readonly string[] = RELEASES.map(([r]) => r);

/** The final releases only. */
export const FINAL_RELEASES: readonly string[] = ALL_RELEASES.filter((r) => r !== MAIN);

/** The newest final release (9.0 in the current data). */
export const LATEST_RELEASE: string = FINAL_RELEASES[FINAL_RELEASES.length - 1] as string;

const INDEX = new Map(ALL_RELEASES.map((r, i) => [r, i]));
const DATES = new Map(RELEASES.map(([r, d]) => [r, d]));

/** Position of a release (or `main`) in ALL_RELEASES; -1 when it is not one. */
export function releaseIndex(release: string): number {
  return INDEX.get(release) ?? -1;
}

export function isRelease(v: string): boolean {
  return INDEX.has(v);
}

export function releaseDate(release: string): string | undefined {
  return DATES.get(release);
}

/**
 * The release a version string falls in: `7.2.1` is in 7.2, `8.0b2` is before 8.0 (so in 7.2),
 * `9.1.dev1` and anything newer than the latest release is `main`. Null for what is not a version
 * or is older than 4.0 (no MIL frontends then).
 */
export function releaseOf(version: string): string | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?((?:a|b|rc|\.dev)\d*)?/.exec(version.trim());
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const pre = m[4] !== undefined;
  let found: string | null = null;
  for (const r of FINAL_RELEASES) {
    const [a, b] = r.split('.').map(Number) as [number, number];
    const cmp = a !== major ? a - major : b - minor;
    if (cmp < 0 || (cmp === 0 && !pre)) found = r;
  }
  if (found === LATEST_RELEASE) {
    const [a, b] = LATEST_RELEASE.split('.').map(Number) as [number, number];
    if (major > a || (major === a && minor > b)) return MAIN;
  }
  return found;
}

/** Releases from `from` to `to` inclusive (either may be null: unbounded). */
export function releasesBetween(from: string | null, to: string | null): string[] {
  const lo = from === null ? 0 : releaseIndex(from);
  const hi = to === null ? ALL_RELEASES.length - 1 : releaseIndex(to);
  if (lo < 0 || hi < 0) return [];
  return ALL_RELEASES.slice(lo, hi + 1);
}

/** `4.0–5.0`, `7.0`, `8.0–main`, `6.2+` (open at the end when `to` is `main` and `open` is set). */
export function rangeText(from: string, to: string): string {
  return from === to ? from : `${from}–${to}`;
}
