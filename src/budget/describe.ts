/** How a verdict is named in a short summary (`fail: size, p99`): its row's short name. */
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import type { Verdict } from './model.js';

/** `size`, `p99`, `frame`, `top1`, `ops`; a regression, or a kind the rows do not know, keeps its assertion id. */
export function shortName(v: Pick<Verdict, 'kind' | 'key' | 'assertion'>, rows: RowTable = BUDGET_ROWS): string {
  const row = rows.rows.find((r) => r.kind === v.kind);
  return row ? row.short(v.key) : v.assertion;
}
