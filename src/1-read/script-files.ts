// Files next to the script that it reads while building its model (data for np.load / np.loadtxt),
// and the part of os.path that asks about them. Paths are resolved from the script's folder, as when
// the script is run there; reading happens at conversion time, nothing is executed or written.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { bool, builtin, describe, str, type CallArgs, type Value } from './values.js';

/** Largest data file read at conversion time. */
const MAX_BYTES = 200 * 1024 * 1024;

/** The path of a file the script names, as Python would open it when run from the script's folder. */
export function scriptFile(v: Value, loc: Loc, ctx: EvalContext, what: string): string {
  if (v.t === 'unknown') return ctx.failUnknown(v, loc, what);
  if (v.t !== 'str') return ctx.fail('type-error', loc, { detail: `${what} must be a file name, not ${describe(v)}`, hint: "e.g. np.load('weights.npy')" });
  return path.resolve(path.dirname(path.resolve(ctx.source.path)), v.v);
}

export function readBytes(file: string, loc: Loc, ctx: EvalContext): Uint8Array {
  // Named as the script names it: relative to the script's folder.
  const shown = path.relative(path.dirname(path.resolve(ctx.source.path)), file) || path.basename(file);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return ctx.fail('value-error', loc, {
      detail: `the file ${shown} does not exist (looked for next to the script)`,
      hint: 'put the data file next to the script (the converter reads it from there, as Python run in that folder would)',
    });
  }
  if (size > MAX_BYTES)
    ctx.fail('limit', loc, { detail: `the file ${shown} has ${size} bytes, more than the ${MAX_BYTES} the converter reads`, hint: 'use a smaller data file' });
  const bytes = readFileSync(file);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The note that says which file the conversion read (after its values were taken). */
export function noteRead(file: string, loc: Loc, ctx: EvalContext): void {
  const shown = path.relative(path.dirname(path.resolve(ctx.source.path)), file) || path.basename(file);
  ctx.note(`read ${shown} (next to the script) at conversion time; the converted model holds its values`, loc);
}

/** os.path's questions about files and names, answered for the script's folder. */
export function osPathMember(name: string, ctx: EvalContext): Value | undefined {
  const file = (args: CallArgs, k = 0) => scriptFile(args.positional[k] ?? { t: 'none' }, args.locs.positional[k] ?? args.loc, ctx, `os.path.${name}()`);
  const text = (args: CallArgs, k: number) => {
    const v = args.positional[k];
    return v && v.t === 'str'
      ? v.v
      : ctx.fail('type-error', args.locs.positional[k] ?? args.loc, {
          detail: `os.path.${name}() needs strings, not ${v ? describe(v) : 'nothing'}`,
          hint: 'pass file names',
        });
  };
  // A name built from a value known only after the simulation (a time stamp, a result) is itself
  // such a value: fine for the script's own output files, refused where the model would need it.
  const unknownIn = (args: CallArgs): Value | undefined => args.positional.find((v) => v.t === 'unknown');
  switch (name) {
    case 'exists':
      return builtin(name, (args) => bool(existsSync(file(args))));
    case 'isfile':
      return builtin(name, (args) => {
        const f = file(args);
        return bool(existsSync(f) && statSync(f).isFile());
      });
    case 'isdir':
      return builtin(name, (args) => {
        const f = file(args);
        return bool(existsSync(f) && statSync(f).isDirectory());
      });
    case 'join':
      return builtin(name, (args) => unknownIn(args) ?? str(path.join(...args.positional.map((_, k) => text(args, k))), args.loc));
    case 'basename':
      return builtin(name, (args) => unknownIn(args) ?? str(path.basename(text(args, 0)), args.loc));
    case 'splitext':
      return builtin(name, (args) => {
        const u = unknownIn(args);
        if (u) return { t: 'tuple', items: [u, u] };
        const t = text(args, 0);
        const ext = path.extname(t);
        return { t: 'tuple', items: [str(t.slice(0, t.length - ext.length), args.loc), str(ext, args.loc)] };
      });
    default:
      return undefined;
  }
}
