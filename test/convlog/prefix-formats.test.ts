/**
 * splitLoggingPrefix tries only the formats a line's first character allows (a capital: the level
 * word formats and glog; `[`: the bracketed times; a digit: the dated ones). The first match must be
 * the one trying every format in table order gives, on every corpus line, on a line of each format
 * and on every cut of them.
 */
import { describe, expect, it } from 'vitest';
import { PREFIX_FORMATS, prefixFormatsFor, splitLoggingPrefix } from '../../src/convlog/normalize.js';
import { corpusTexts, everyCut } from './corpus-lines.js';

/** The first format in table order whose regex matches, as splitLoggingPrefix answered before it picked formats by first character. */
function firstFormat(s: string): string | null {
  for (const f of PREFIX_FORMATS) if (f.re.exec(s)?.groups) return f.name;
  return null;
}

const BUILT = [
  'WARNING:coremltools:Tuple detected at graph output.',
  'ERROR:root:something failed',
  'WARNING  coremltools:__init__.py:75 Torch version 2.1.1 has not been tested',
  '[2024-07-07 18:31:13] ERROR - ops.py - converting failed',
  '[2024-07-07 18:31:13] WARNING - msg',
  '2023-06-07 10:00:00,123 - mmdeploy - INFO - msg',
  '2023-06-07 10:00:00,123 - INFO - msg',
  '2023-06-07 10:00:00 WARNING msg',
  '2024-01-01 12:00:00.000 | WARNING  | module:func:12 - msg',
  '[07/07/24 18:31:13] WARNING  msg        file.py:12',
  '2023-06-07 07:12:53.917406: I tensorflow/core/grappler/devices.cc:66] Number of eligible GPUs',
  'W0731 17:22:46.830000 79296 site-packages/torch/distributed/elastic/multiprocessing/redirects.py:29] NOTE: Redirects',
  "ERROR - converting 'custom_op_0' op (located at: 'encoder/layers.0/custom_op_0'):",
  'INFO: a line',
  'E0101 00:00:00.1 1 x] y',
];

describe('splitLoggingPrefix', () => {
  it('picks the formats a first character allows, in table order', () => {
    const names = (c: string) => prefixFormatsFor(c.charCodeAt(0)).map((f) => f.name);
    expect(names('W')).toEqual(['basic', 'pytest', 'glog']);
    expect(names('[')).toEqual(['bracket-time', 'rich']);
    expect(names('2')).toEqual(['dash-time-logger', 'dash-time', 'loguru', 'tf-cpp']);
  });

  it('finds the format trying every one in order finds, on a line of each format and every cut of them', () => {
    const found = new Set<string>();
    for (const s of everyCut(BUILT)) {
      const want = firstFormat(s);
      if (want) found.add(want);
      expect(splitLoggingPrefix(s).prefix, JSON.stringify(s)).toBe(want);
    }
    expect([...found].sort()).toEqual(PREFIX_FORMATS.map((f) => f.name).sort());
  });

  it('finds the format trying every one in order finds, on every corpus line', () => {
    for (const s of corpusTexts()) expect(splitLoggingPrefix(s).prefix, JSON.stringify(s)).toBe(firstFormat(s));
  });
});
