/**
 * A progress bar on stderr for reading large exports: redrawn in place with \r at most every
 * 100 ms, cleared when done. The CLI only creates it when stderr is a terminal.
 */
import { formatBytes } from '../../core/units.js';

export interface ProgressSink {
  write(s: string): unknown;
  columns?: number | undefined;
}

export class ProgressBar {
  private last = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly out: ProgressSink,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  update(done: number, total: number | undefined): void {
    const t = this.now();
    if (t - this.last < 100 && !(total !== undefined && done >= total)) return;
    this.last = t;
    const width = Math.max(20, Math.min(this.out.columns || 80, 120) - 1);
    const secs = Math.max((t - this.started) / 1000, 0.001);
    const rate = `${formatBytes(done / secs)}/s`;
    let line: string;
    if (total !== undefined && total > 0) {
      const f = Math.min(1, done / total);
      const info = ` ${(f * 100).toFixed(0).padStart(3)}% ${formatBytes(done)} of ${formatBytes(total)}, ${rate}`;
      const barWidth = Math.max(10, width - this.label.length - info.length - 4);
      const filled = Math.round(f * barWidth);
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${info}`;
    } else {
      line = `${this.label} ${formatBytes(done)} read, ${rate}`;
    }
    this.out.write('\r' + line.slice(0, width).padEnd(width));
    this.drawn = true;
  }

  done(): void {
    if (!this.drawn) return;
    const width = Math.max(20, Math.min(this.out.columns || 80, 120) - 1);
    this.out.write('\r' + ' '.repeat(width) + '\r');
    this.drawn = false;
  }
}
