// Reading model files for the commands, with usage errors for missing or unreadable paths.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function readModel(file: string): { path: string; text: string } {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`, 'give the path of a Brian2 model script (.py)');
  }
  if (st.isDirectory()) throw new UsageError(`${file} is a folder`, 'give the path of a Brian2 model script (.py)');
  if (st.size > 5_000_000) throw new UsageError(`${file} is larger than 5 MB`, 'model scripts are expected to be small Python files');
  const buf = readFileSync(file);
  const text = buf.toString('utf8');
  if (text.includes('\u0000')) throw new UsageError(`${file} is not a text file`, 'give a Python script');
  return { path: path.relative(process.cwd(), path.resolve(file)) || file, text: text.replace(/^\uFEFF/, '') };
}

/** Default project folder: beside the model, `<name>_lava`. */
export function defaultOutputDir(model: string): string {
  const p = path.parse(model);
  return path.join(p.dir, `${p.name}_lava`);
}
