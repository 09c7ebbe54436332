/** Dotted versions ("10.0", "17.4.1"), compared number by number: 17.10 is above 17.9. */

const VERSION = /^\d+(\.\d+){0,3}$/;

export function isVersion(v: string): boolean {
  return VERSION.test(v);
}

/** < 0 when a is below b, 0 when equal ("17" = "17.0"), > 0 when above. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
