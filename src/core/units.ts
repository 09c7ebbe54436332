/** Units and number formatting shared by renderers. Sizes use decimal units (1 MB = 1,000,000 bytes), as Finder and Xcode show them. */

export const BYTES_PER_MB = 1_000_000;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  if (abs >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (abs >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${bytes} B`;
}

export function formatMs(ms: number, digits = 2): string {
  if (!Number.isFinite(ms)) return '—';
  return `${ms.toFixed(digits)} ms`;
}

export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** Signed relative change: +12.3 % / −4.0 %. */
export function formatSignedPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  const v = (fraction * 100).toFixed(digits);
  return fraction > 0 ? `+${v} %` : `${v.replace('-', '−')} %`;
}

/** Thousands separators without locale dependence: 1234567 → "1,234,567". */
export function formatInt(n: number | bigint): string {
  const s = typeof n === 'bigint' ? n.toString() : Math.round(n).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
