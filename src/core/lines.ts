/**
 * A push-based line splitter: text chunks in, one synchronous callback per line out, so that a
 * log of gigabytes costs no per-line promise. Line numbers are editor lines (counted at \n, \r\n);
 * with `splitCarriageReturn` a lone \r (a tqdm bar redrawing itself) also ends a segment, which keeps
 * the line number of the editor line it is on.
 *
 * A line longer than `maxLineLength` keeps its first `maxLineLength` characters and is flagged as
 * truncated: memory stays bounded whatever the input.
 */
export interface LineInfo {
  /** 1-based editor line number. */
  line: number;
  /** True when this segment ended at a lone \r (a progress bar redraw), not at a newline. */
  endedByCR: boolean;
  /** True when the line was cut at maxLineLength. */
  truncated: boolean;
  /**
   * True when the text holds no ANSI escape sequence any more: the splitter found none in the
   * line's bytes, or took them out (with `stripAnsi`; see byte-lines.ts). False: nothing is said.
   */
  ansiStripped?: boolean;
}

export type LineCallback = (text: string, info: LineInfo) => void;

export interface LineSplitterOptions {
  splitCarriageReturn?: boolean;
  maxLineLength?: number;
  /** ByteLineSplitter only: take ANSI escape sequences out of the lines (see `ansiStripped`). */
  stripAnsi?: boolean;
}

export class LineSplitter {
  private pending = '';
  private pendingTruncated = false;
  private pendingCR = false; // the previous chunk ended with \r: a following \n makes it CRLF
  private lineNo = 1;
  private readonly splitCR: boolean;
  private readonly maxLen: number;
  private readonly info: LineInfo = { line: 1, endedByCR: false, truncated: false };

  constructor(
    private readonly onLine: LineCallback,
    opts: LineSplitterOptions = {},
  ) {
    this.splitCR = opts.splitCarriageReturn ?? true;
    this.maxLen = opts.maxLineLength ?? 1 << 20;
  }

  /** The current editor line number (the line the next character belongs to). */
  get line(): number {
    return this.lineNo;
  }

  push(chunk: string): void {
    const n = chunk.length;
    // An empty chunk says nothing (not even whether a \r before it is a CRLF's first half).
    if (n === 0) return;
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk.charCodeAt(0) === 10) {
        // \r at the end of the previous chunk and \n now: one CRLF.
        this.emit(false);
        start = 1;
      } else if (this.splitCR) {
        this.emit(true);
      }
    }
    let i = start;
    // The next \n and the next \r at or after i, each found once per chunk and reused until passed
    // (searching for \r from every line would rescan the rest of the chunk each time: quadratic in the chunk).
    let nextLF = -2;
    let nextCR = -2;
    while (i < n) {
      if (nextLF !== -1 && nextLF < i) nextLF = chunk.indexOf('\n', i);
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf('\r', i);
      let j = nextLF;
      let isCR = false;
      if (nextCR !== -1 && (j === -1 || nextCR < j)) {
        j = nextCR;
        isCR = true;
      }
      if (j === -1) {
        this.append(chunk, i, n);
        return;
      }
      this.append(chunk, i, j);
      if (isCR) {
        if (j + 1 === n) {
          this.pendingCR = true;
          return;
        }
        if (chunk.charCodeAt(j + 1) === 10) {
          this.emit(false);
          i = j + 2;
          continue;
        }
        if (this.splitCR) this.emit(true);
        // Without splitCR a lone \r is dropped from the text but does not end the line.
        i = j + 1;
        continue;
      }
      this.emit(false);
      i = j + 1;
    }
  }

  /** Flushes the last line (a file without a trailing newline). */
  end(): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.emit(false);
      return;
    }
    if (this.pending.length > 0 || this.pendingTruncated) this.emit(false, true);
  }

  private append(chunk: string, from: number, to: number): void {
    if (from >= to) return;
    const room = this.maxLen - this.pending.length;
    if (room <= 0) {
      this.pendingTruncated = true;
      return;
    }
    if (to - from > room) {
      this.pending += chunk.slice(from, from + room);
      this.pendingTruncated = true;
    } else {
      this.pending += from === 0 && to === chunk.length ? chunk : chunk.slice(from, to);
    }
  }

  private emit(byCR: boolean, last = false): void {
    const info = this.info;
    info.line = this.lineNo;
    info.endedByCR = byCR;
    info.truncated = this.pendingTruncated;
    const text = this.pending;
    this.pending = '';
    this.pendingTruncated = false;
    if (!byCR && !last) this.lineNo++;
    this.onLine(text, info);
  }
}
