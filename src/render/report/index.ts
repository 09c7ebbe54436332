/** `report`'s renderers by format (the first is the default). */
import type { Colors } from '../../core/color.js';
import type { Report } from '../../report/model.js';
import type { CsvHistory } from './csv.js';
import { formats } from '../formats.js';

export interface ReportRenderOptions {
  colors: Colors;
  /** The terminal's width, for the text report's wrapping; absent off a terminal. */
  width?: number;
  /** CSV for a history file (`--append`): each row also says when, at which commit and for which pipeline. */
  history?: CsvHistory;
}


export const REPORT_FORMATS = formats<Report, ReportRenderOptions>({
  text: async () => {
    const { renderReportText } = await import('./text.js');
    return (r, o) => renderReportText(r, { colors: o.colors, ...(o.width ? { width: o.width } : {}) });
  },
  markdown: async () => (await import('./markdown.js')).renderReportMarkdown,
  json: async () => {
    const { renderReportJson } = await import('./json.js');
    return (r) => renderReportJson(r);
  },
  html: async () => (await import('./html/page.js')).renderReportHtml,
  csv: async () => {
    const { renderReportCsv } = await import('./csv.js');
    return (r, o) => renderReportCsv(r, o.history);
  },
});
