/** The report as JSON: written by the report's one codec (src/report/json-codec.ts), which also reads it back. */
import { writeReportJson, type ReportJsonOptions } from '../../report/json-codec.js';
import type { Report } from '../../report/model.js';

export type { ReportJsonOptions } from '../../report/json-codec.js';

export function renderReportJson(report: Report, opts: ReportJsonOptions = {}): string {
  return writeReportJson(report, opts);
}
