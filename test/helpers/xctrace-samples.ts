/**
 * Resolved samples, one by one, for tests against an oracle (the leaf frame of every sample): the
 * reader's rows with the analysis's column mapping. Test support only (the analysis aggregates).
 */
import { classifyTable, type ProfileColumns } from '../../src/trace/xctrace/columns.js';
import { readXctrace, type ByteSource, type XctraceDocument, type XctraceTable } from '../../src/trace/xctrace/reader.js';
import { Frame, Stack, labelOf, numberOf, type Cell } from '../../src/trace/xctrace/values.js';

export interface ResolvedSample {
  table: XctraceTable;
  /** Trace-relative ns; null when the row has none. */
  time: number | null;
  /** In the table's unit; null when missing (a sentinel or a "no data" value). */
  weight: number | null;
  thread: Cell;
  state: string | null;
  /** Frames leaf first (frame 0 is where the sample was taken); null when the row has no stack. */
  frames: readonly Frame[] | null;
}

/** Reads a document and calls `onSample` for every row of every profile table. */
export async function forEachProfileSample(input: ByteSource, onSample: (s: ResolvedSample) => void): Promise<XctraceDocument> {
  return readXctrace(input, {
    beginTable(table) {
      const cols = classifyTable(table);
      if (cols.kind !== 'profile') return null;
      const c: ProfileColumns = cols;
      const pick = (cells: readonly Cell[], i: number): Cell => (i >= 0 ? cells[i] : undefined);
      return {
        row(cells) {
          const t = numberOf(pick(cells, c.time));
          const w = c.weight >= 0 ? numberOf(cells[c.weight]) : 1;
          const s = cells[c.stack];
          onSample({
            table,
            time: Number.isFinite(t) ? t : null,
            weight: w >= 0 ? w : null,
            thread: pick(cells, c.thread),
            state: labelOf(pick(cells, c.state)),
            frames: s instanceof Stack ? s.frames : null,
          });
        },
      };
    },
    endTable() {},
  });
}
