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

/** PEP 263: `# -*- coding: NAME -*-` (or `coding=NAME`) on one of the first two lines. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * The script's text as Python reads it: UTF-8 (a BOM is dropped), or the encoding a PEP 263 line
 * declares. Bytes that are not valid in that encoding are a usage error (exit 2) naming the line.
 */
export function decodeScript(file: string, buf: Buffer): string {
  const head = buf.subarray(0, 400).toString('latin1').split(/\r?\n/).slice(0, 2);
  const declared = head.map((l) => CODING.exec(l)?.[1]).find((x) => x !== undefined);
  const encoding = (declared ?? 'utf-8').toLowerCase().replace(/_/g, '-');
  // Python's latin-1 maps every byte to the same code point (WHATWG's label would mean windows-1252).
  if (/^(latin-?1|l1|iso-?8859-1|iso8859-1|8859|cp819)$/.test(encoding)) return buf.toString('latin1');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(/^utf-?8(-sig)?$/.test(encoding) ? 'utf-8' : encoding.replace(/^cp(125\d)$/, 'windows-$1'), { fatal: true });
  } catch {
    throw new UsageError(`${file} declares the encoding '${declared}', which brian2lava does not know`, 'save the script as UTF-8 and remove the coding line');
  }
  try {
    return decoder.decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // the line of the first byte that is not valid (for the message)
    const stream = new TextDecoder(decoder.encoding, { fatal: true });
    let bad = buf.length;
    for (let k = 0; k < buf.length; k++) {
      try {
        stream.decode(buf.subarray(k, k + 1), { stream: true });
      } catch {
        bad = k;
        break;
      }
    }
    const line = buf.subarray(0, bad).toString('latin1').split('\n').length;
    throw new UsageError(
      `${file} is not valid ${declared ? declared : 'UTF-8'} text (line ${line})`,
      declared
        ? 'save the script in the encoding its coding line declares'
        : 'save the script as UTF-8, or declare its encoding on the first line (# -*- coding: latin-1 -*-) as Python requires',
    );
  }
}

export function readModel(file: string): { path: string; text: string } {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new UsageError(`${file}: permission denied`, 'make the file (and its folders) readable, or give another path');
    throw new UsageError(`${file}: no such file`, 'give the path of a Brian2 model script (.py)');
  }
  if (st.isDirectory()) throw new UsageError(`${file} is a folder`, 'give the path of a Brian2 model script (.py)');
  if (!st.isFile()) throw new UsageError(`${file} is not a regular file`, 'give the path of a Brian2 model script (.py)');
  if (st.size > 5_000_000) throw new UsageError(`${file} is larger than 5 MB`, 'model scripts are expected to be small Python files');
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === 'EACCES' ? 'permission denied' : `cannot be read (${(e as Error).message})`}`,
      'make the file readable, or give another path',
    );
  }
  if (buf.includes(0)) throw new UsageError(`${file} is not a text file`, 'give a Python script');
  const text = decodeScript(file, buf);
  return { path: path.relative(process.cwd(), path.resolve(file)) || file, text };
}

/** Default project folder: beside the model, `<name>_lava`. */
export function defaultOutputDir(model: string): string {
  const p = path.parse(model);
  return path.join(p.dir, `${p.name}_lava`);
}
