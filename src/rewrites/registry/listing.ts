/**
 * `rewrites --since R` (what each release from R added to a frontend's registry, and which keys it
 * dropped) and `rewrites --in R` (every key release R registers), as data for the renderers.
 */
import { namesAddedIn, namesGoneIn, namesIn, type RegistryFrontend } from './index.js';
import { PROVENANCE } from './data.js';
import { ALL_RELEASES, MAIN, releaseDate, releaseIndex, releaseOf } from './releases.js';

export interface ReleaseChanges {
  release: string;
  date: string;
  /** Keys first registered in this release. */
  added: string[];
  /** Keys that left the registry; `removed` when the spelling no longer converts at all. */
  dropped: { name: string; removed: boolean }[];
}

export interface FrontendListing {
  frontend: RegistryFrontend;
  /** `since`: the releases from R on, each with what it changed. */
  releases: ReleaseChanges[];
  /** `in`: every key release R registers. */
  names: string[];
}

export interface RegistryListing {
  mode: 'since' | 'in';
  release: string;
  frontends: FrontendListing[];
  source: { commit: string; date: string };
}

/** A release as the user gives it (`8.0`, `8.0.1`, `main`), or null when it is none. */
export function parseRelease(value: string): string | null {
  const v = value.trim();
  if (v === MAIN) return MAIN;
  const m = /^(\d+\.\d+)(?:\.\d+)?$/.exec(v);
  return m && releaseOf(v) === m[1] ? m[1] : null;
}

export function listRegistry(mode: 'since' | 'in', release: string, frontends: readonly RegistryFrontend[]): RegistryListing {
  const from = releaseIndex(release);
  const listings = frontends.map((frontend): FrontendListing => {
    if (mode === 'in') return { frontend, releases: [], names: namesIn(frontend, release) };
    const releases = ALL_RELEASES.slice(from).map((r) => ({
      release: r,
      date: releaseDate(r) ?? '',
      added: namesAddedIn(frontend, r),
      dropped: namesGoneIn(frontend, r),
    }));
    return { frontend, releases: releases.filter((r) => r.added.length || r.dropped.length), names: [] };
  });
  return { mode, release, frontends: listings, source: { commit: PROVENANCE.coremltools.commit, date: PROVENANCE.coremltools.date } };
}
