import type { ConversionLog } from '../convlog/model.js';
import type { CliIO } from './io.js';

/** Shared by the commands of one run. */
export interface CommandContext {
  io: CliIO;
  /** Exit code the run ends with when nothing throws (1 = a budget was violated). */
  exitCode: number;
  /** Analysis that adds to a parsed log; default: the rewrites catalogue attaches each op's first fix (src/rewrites/advice.ts, imported by `log`). */
  enrichLog?: (log: ConversionLog) => void;
}
