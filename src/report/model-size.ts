/**
 * The size of a Core ML model on disk, as Finder and Xcode count it: every regular file of an
 * .mlpackage or .mlmodelc directory (recursively), or the .mlmodel file. Symbolic links are not
 * followed (a package never needs them, and a loop must not hang the report).
 *
 * Weight bytes are the files under the package's weight folder (`Data/com.apple.CoreML/weights/`
 * in an .mlpackage, `weights/` in an .mlmodelc): ML programs keep their weights there, in
 * `weight.bin`. An .mlmodel (protobuf) holds its weights inline, so its weight bytes are unknown.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InputError } from '../core/errors.js';

export interface ModelSize {
  kind: 'mlpackage' | 'mlmodelc' | 'mlmodel';
  bytes: number;
  /** Bytes under the weight folder; null when the model has none (weights inline). */
  weightBytes: number | null;
  files: number;
}

const WEIGHT_DIRS: Record<'mlpackage' | 'mlmodelc', string> = {
  mlpackage: ['Data', 'com.apple.CoreML', 'weights'].join(sep),
  mlmodelc: 'weights',
};

/** Files at most this deep: a package is shallow; deeper means something is wrong. */
const MAX_DEPTH = 32;

export async function measureModelOnDisk(path: string, display: string, where: { file: string; place: string }): Promise<ModelSize> {
  const lower = path.toLowerCase().replace(/[/\\]+$/, '');
  const kind = lower.endsWith('.mlpackage') ? 'mlpackage' : lower.endsWith('.mlmodelc') ? 'mlmodelc' : 'mlmodel';
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new InputError(where.file, where.place, code === 'ENOENT' ? `no such model: ${display}` : `cannot read the model ${display} (${code})`, 'a path relative to the manifest, or "sizeBytes" instead of "model"');
  }
  if (st.isFile()) {
    if (kind === 'mlpackage') throw new InputError(where.file, where.place, `${display} is a file, but an .mlpackage is a directory`, 'the .mlpackage folder Xcode and coremltools write');
    return { kind, bytes: st.size, weightBytes: null, files: 1 };
  }
  if (!st.isDirectory()) throw new InputError(where.file, where.place, `${display} is neither a file nor a directory`, 'a Core ML model');
  if (kind === 'mlmodel') throw new InputError(where.file, where.place, `${display} is a directory, but an .mlmodel is a file`, 'an .mlmodel file, or an .mlpackage / .mlmodelc folder');
  let bytes = 0;
  let weightBytes = 0;
  let files = 0;
  const weightDir = WEIGHT_DIRS[kind];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw new InputError(where.file, where.place, `${display} is nested more than ${MAX_DEPTH} folders deep`, 'a Core ML model folder');
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) {
        const size = (await lstat(p)).size;
        bytes += size;
        files++;
        const rel = relative(path, p);
        if (rel === weightDir || rel.startsWith(weightDir + sep)) weightBytes += size;
      }
    }
  };
  await walk(path, 0);
  if (files === 0) throw new InputError(where.file, where.place, `${display} is an empty folder`, 'a Core ML model folder with its files');
  return { kind, bytes, weightBytes: weightBytes > 0 ? weightBytes : null, files };
}
