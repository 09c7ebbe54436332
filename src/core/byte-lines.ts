/**
 * The line splitter of lines.ts, on UTF-8 bytes: chunks of bytes in, one decoded line per callback
 * out, with the same lines, line numbers, \r flags and truncation as LineSplitter on the decoded
 * text. \n and \r are single bytes that never occur inside a multi-byte character, so the line ends
 * are found on the bytes and each line is decoded on its own. That is cheaper than decoding 1 MB
 * chunks and slicing them: one non-ASCII character (a tqdm bar's █) makes a whole decoded chunk a
 * two-byte string, and every line sliced from it with it; decoded alone, each ASCII line is a
 * one-byte string (half the memory, faster to match and hash).
 *
 * A line longer than `maxLineLength` characters keeps its first `maxLineLength` characters and is
 * flagged as truncated; a line split across chunks keeps at most the bytes that can hold them.
 */
import type { LineCallback, LineInfo, LineSplitterOptions } from './lines.js';

export class ByteLineSplitter {
  /** The bytes of a line begun in an earlier chunk (at most `maxBytes` of them). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The pending line has more bytes than it keeps: its text is longer than maxLen characters. */
  private pendingOver = false;
  private pendingCR = false; // the previous chunk ended with \r: a following \n makes it CRLF
  private lineNo = 1;
  private readonly splitCR: boolean;
  private readonly maxLen: number;
  /** Bytes that surely hold maxLen characters (a character of UTF-16 unit length 1 is at most 3 bytes), plus a cut one. */
  private readonly maxBytes: number;
  private readonly info: LineInfo = { line: 1, endedByCR: false, truncated: false };

  constructor(
    private readonly onLine: LineCallback,
    opts: LineSplitterOptions = {},
  ) {
    this.splitCR = opts.splitCarriageReturn ?? true;
    this.maxLen = opts.maxLineLength ?? 1 << 20;
    this.maxBytes = 3 * this.maxLen + 4;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === 10) {
        this.emitPending(false);
        start = 1;
      } else if (this.splitCR) {
        this.emitPending(true);
      }
    }
    let i = start;
    // The next \n and \r at or after i, each found once per chunk and reused until passed.
    let nextLF = -2;
    let nextCR = -2;
    while (i < n) {
      if (nextLF !== -1 && nextLF < i) nextLF = chunk.indexOf(10, i);
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf(13, i);
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
      if (isCR) {
        if (j + 1 === n) {
          this.append(chunk, i, j);
          this.pendingCR = true;
          return;
        }
        if (chunk[j + 1] === 10) {
          this.line(chunk, i, j, false);
          i = j + 2;
          continue;
        }
        if (this.splitCR) this.line(chunk, i, j, true);
        // Without splitCR a lone \r is dropped from the text but does not end the line.
        else this.append(chunk, i, j);
        i = j + 1;
        continue;
      }
      this.line(chunk, i, j, false);
      i = j + 1;
    }
  }

  /** Flushes the last line (a file without a trailing newline). */
  end(): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.emitPending(false);
      return;
    }
    if (this.pendingBytes > 0 || this.pendingOver) this.emitPending(false, true);
  }

  /** A line ends at chunk[to]: decoded straight from the chunk unless it began in an earlier one. */
  private line(chunk: Buffer, from: number, to: number, byCR: boolean): void {
    if (this.pendingBytes > 0 || this.pendingOver) {
      this.append(chunk, from, to);
      this.emitPending(byCR);
      return;
    }
    if (to - from > this.maxLen) {
      const text = chunk.toString('utf8', from, Math.min(to, from + this.maxBytes));
      const over = to - from > this.maxBytes || text.length > this.maxLen;
      this.emit(over ? text.slice(0, this.maxLen) : text, byCR, over, false);
      return;
    }
    this.emit(to > from ? chunk.toString('utf8', from, to) : '', byCR, false, false);
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (from >= to) return;
    const room = this.maxBytes - this.pendingBytes;
    if (room <= 0) {
      this.pendingOver = true;
      return;
    }
    if (to - from > room) {
      to = from + room;
      this.pendingOver = true;
    }
    // A copy: the chunk is not kept alive by a line that waits for its end.
    this.pending.push(Buffer.from(chunk.subarray(from, to)));
    this.pendingBytes += to - from;
  }

  private emitPending(byCR: boolean, last = false): void {
    const buf = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    let text = this.pendingBytes > 0 ? buf.toString('utf8') : '';
    const over = this.pendingOver || text.length > this.maxLen;
    if (over) text = text.slice(0, this.maxLen);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingOver = false;
    this.emit(text, byCR, over, last);
  }

  private emit(text: string, byCR: boolean, truncated: boolean, last: boolean): void {
    const info = this.info;
    info.line = this.lineNo;
    info.endedByCR = byCR;
    info.truncated = truncated;
    if (!byCR && !last) this.lineNo++;
    this.onLine(text, info);
  }
}
