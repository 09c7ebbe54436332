/**
 * The Core ML model joins the input registry with one line (its sniffer is src/model/sniff.ts): a
 * model given to another command is refused naming `coreml-doctor model`, and what other commands
 * read, given to `model`, is refused naming the command that takes it. The model reader still names
 * the look-alikes it knows (aliases, LFS pointers, Manifest.json, zips) itself.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pipelineWithProgram } from '../model/fixtures.js';
import { asFile, asPackage, tempDir } from '../model/helpers.js';

const dir = tempDir();
const pkg = asPackage(dir, pipelineWithProgram(), 'Detector.mlpackage');
const mlmodel = asFile(dir, readFileSync(`${pkg}/Data/com.apple.CoreML/model.mlmodel`), 'Detector.mlmodel');

describe('the Core ML model in the registry', () => {
  it('a model given to log, trace or report is refused: use coreml-doctor model', async () => {
    for (const cmd of ['log', 'trace', 'report']) {
      const r = await runCli([cmd, mlmodel]);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr.trim()).toMatch(/Detector\.mlmodel: this is a Core ML model \(\.mlmodel\), not .*: use coreml-doctor model FILE, or "model" in a manifest step$/);
    }
    const gz = await runCli(['log', asFile(dir, gzipSync(readFileSync(mlmodel)), 'm.mlmodel.gz')]);
    expect(gz.stderr).toMatch(/this is a Core ML model/);
  });

  it('what other commands read, given to model, names the command that takes it', async () => {
    const r = await runCli(['model', 'fixtures/logs/tf2-keras-success.log']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('coreml-doctor: fixtures/logs/tf2-keras-success.log: this is a coremltools conversion log, not a Core ML model: use coreml-doctor log FILE, or "log" in a manifest step');
    expect((await runCli(['model', 'fixtures/demo/pipeline.json'])).stderr).toMatch(/this is a pipeline manifest \(JSON with "steps"\), not a Core ML model: use coreml-doctor report FILE/);
  });

  it('the model reader keeps its own refusals, and reads models from files and stdin', async () => {
    const manifest = await runCli(['model', `${pkg}/Manifest.json`]);
    expect(manifest.code).toBe(2);
    expect(manifest.stderr).toMatch(/Manifest\.json/);
    expect((await runCli(['model', pkg])).code).toBe(0);
    expect((await runCli(['model', mlmodel])).code).toBe(0);
    const viaStdin = await runCli(['model', '-', '--json'], { stdin: readFileSync(mlmodel) });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(JSON.parse(viaStdin.stdout).kind).toBe('mlmodel');
  });
});
