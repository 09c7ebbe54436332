/** Word-wrapping for the terminal renderers (src/core/wrap.ts, shared with the CLI's help). */
export { wrap } from '../core/wrap.js';
