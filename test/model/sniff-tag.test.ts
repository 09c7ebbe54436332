/**
 * The model sniffer reads a model's first field tag by hand (so that start-up does not load the
 * protobuf wire reader): it must tell a model's start exactly as the wire reader's tag() does.
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffBytes } from '../../src/model/sniff.js';
import { isModelTypeField } from '../../src/model/tables/model-types.js';

function byWireReader(head: Uint8Array): boolean {
  try {
    const [no, wire] = new BinaryReader(head).tag();
    if (no === 1 || no === 10) return wire === 0;
    if (no === 2 || isModelTypeField(no)) return wire === 2 && no < 4000;
    return false;
  } catch {
    return false;
  }
}

describe('the first field tag of a model', () => {
  it('is read as the protobuf wire reader reads it', () => {
    // Binary heads (a NUL byte early) that are none of the refused kinds: the tag decides.
    const head = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 8 })).map(([a, b]) => Uint8Array.from([...a, 0, ...b]));
    const tags = fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 7 })).map(([no, wire]) => {
      const bytes: number[] = [];
      let v = ((no << 3) | wire) >>> 0;
      while (v > 0x7f) {
        bytes.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      bytes.push(v, 0x0a, 0x00);
      return Uint8Array.from(bytes);
    });
    fc.assert(
      fc.property(fc.oneof(head, tags), (h) => {
        if (h[0] === 0x1f || h[0] === 0x50 || h[0] === 0x62) return; // gzip, zip, bookmark starts have their own rules
        expect(sniffBytes(h).kind === 'protobuf').toBe(byWireReader(h));
      }),
      { numRuns: 3000 },
    );
  });
});
