/** JSON paths for error messages (`$.targets[1].latencyMs.p99`) and a short description of a bad value. */

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** What a value is, for "expected X, got Y": the value itself when short, else its type. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const s = safeStringify(v);
    return s !== undefined && s.length <= 40 ? s : `an array of ${v.length}`;
  }
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length <= 40 ? JSON.stringify(v) : JSON.stringify(v.slice(0, 37) + '...');
  return String(v);
}

function safeStringify(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** Edit distance, for "did you mean" on unknown keys. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n] as number;
}

/** The closest known name, when it is close enough to be a typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  // Short names (p95) are too close to everything: only a different case counts as a typo there.
  const allowed = name.length < 4 ? 0 : Math.max(1, Math.floor(name.length / 4));
  return best !== undefined && bestD <= allowed ? best : undefined;
}
