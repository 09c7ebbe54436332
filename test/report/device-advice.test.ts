/** Advice fits the device: no W8A8-is-fastest advice on an Apple Watch target. */
import { describe, expect, it } from 'vitest';
import { speedAdvice } from '../../src/report/devices.js';
import { runCli } from '../helpers/cli.js';

describe('advice per device', () => {
  it('the demo (Apple Watch Series 7) is told to shrink the network, not that W8A8 is fastest', async () => {
    const r = await runCli(['report', 'fixtures/demo/pipeline.json', '--json']);
    const flags = JSON.parse(r.stdout).flags.filter((f: { kind: string }) => f.kind === 'smaller-not-faster');
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) {
      expect(f.message).toMatch(/For speed: shrink the network/);
      expect(f.message).toMatch(/not on Apple Watch/);
    }
  });

  it('picks the family from the device text or the preset name', () => {
    expect(speedAdvice('Apple Watch Ultra 2')).toMatch(/^shrink the network/);
    expect(speedAdvice(null, 'apple-watch-series-7')).toMatch(/^shrink the network/);
    expect(speedAdvice('iPhone 15 Pro (A17 Pro)')).toMatch(/^quantize activations too \(W8A8: the int8 compute path/);
    expect(speedAdvice('MacBook Pro M4')).toMatch(/W8A8: the int8 compute path/);
    expect(speedAdvice('iPhone 12')).toMatch(/faster on A17 Pro \/ M4 and later/);
    expect(speedAdvice(null, null)).toMatch(/faster on A17 Pro \/ M4 and later/);
  });
});
