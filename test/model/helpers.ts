/** Temp folders holding our fixtures as packages or files, read back with readModel. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { readModel, type ReadModelOptions } from '../../src/model/read.js';
import type { ModelSummary } from '../../src/model/summary.js';
import type { Fixture } from './fixtures.js';
import { writePackage } from './writer.js';

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-model-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let n = 0;

/** Writes the fixture as NAME.mlpackage (with its weight.bin) and returns the path. */
export function asPackage(dir: string, f: Fixture, name = `m${n++}.mlpackage`): string {
  return writePackage(dir, name, { model: f.model, ...(f.weights ? { weights: f.weights } : {}) });
}

export function asFile(dir: string, bytes: Uint8Array | string, name = `m${n++}.mlmodel`): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

export async function readPackage(dir: string, f: Fixture, opts: ReadModelOptions = {}): Promise<ModelSummary> {
  return readModel(asPackage(dir, f), opts);
}
