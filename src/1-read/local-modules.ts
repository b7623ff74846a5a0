// Modules next to the script (`from params import *` with params.py beside the model), as Python finds
// them first on sys.path. Such a module is read like the script — partially evaluated, never executed —
// and its names become the module's members. A module that builds Brian2 objects or calls run() is
// refused: the model must be built by the script itself.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Loc } from '../../grammars/ast.js';
import { parsePython } from '../../grammars/python.js';
import { CompileError } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../diagnostics/source.js';
import { pythonBuiltin } from './builtins.js';
import { EvalContext, Suppressed } from './context.js';
import { Evaluator } from './evaluate.js';
import { Scope } from './scope.js';
import type { Value } from './values.js';

const MAX_DEPTH = 10;

/** Strings from another file keep no offsets into it (spans would point into the script). */
function detached(v: Value, loc: Loc): Value {
  return v.t === 'str' ? { ...v, offsets: null, loc } : v;
}

export function localModuleLoader(ctx: EvalContext, depth = 0): (name: string, loc: Loc) => Value | null {
  const cache = new Map<string, Value>();
  return (name, loc) => {
    if (!/^[A-Za-z_]\w*$/.test(name)) return null;
    const path = resolve(dirname(resolve(ctx.source.path)), `${name}.py`);
    const cached = cache.get(path);
    if (cached) return cached;
    if (!existsSync(path)) return null;
    const file = basename(path);
    if (depth >= MAX_DEPTH)
      ctx.fail('limit', loc, {
        detail: `the modules beside the script import each other more than ${MAX_DEPTH} levels deep`,
        hint: 'keep the model and its parameters in fewer files',
      });
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return ctx.fail('value-error', loc, {
        detail: `cannot read the module ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        hint: 'make the file readable',
      });
    }
    const source = new SourceFile(path, text);
    const parsed = parsePython(text);
    const problem = parsed.problems[0];
    if (problem) {
      const at = source.position(problem.loc.start);
      ctx.fail('unsupported', loc, { what: `the module ${file}: ${problem.message} (${file}:${at.line}:${at.col})`, hint: 'fix the module' });
    }
    const sub = new EvalContext(source);
    sub.localModule = localModuleLoader(sub, depth + 1);
    const scope = new Scope(null, pythonBuiltin);
    scope.vars.set('__name__', { t: 'str', v: name, offsets: null, loc });
    const evaluator = new Evaluator(sub);
    for (const stmt of parsed.body) {
      try {
        evaluator.exec(stmt, scope);
      } catch (e) {
        if (e instanceof Suppressed) continue;
        if (!(e instanceof CompileError)) throw e;
        const d = e.diagnostics[0]!;
        const where = d.span ? ` (${file}:${d.span.line}:${d.span.col})` : '';
        ctx.fail('unsupported', loc, {
          what: `the module ${file}, which the converter cannot read: ${d.message}${where}`,
          hint: d.hint || 'simplify the module',
        });
      }
    }
    if (sub.script.objects.length || sub.script.actions.length) {
      ctx.fail('unsupported', loc, {
        what: `the module ${file}, which builds Brian2 objects or runs them`,
        hint: 'build the model in the script; keep only parameters in the module',
      });
    }
    for (const n of sub.script.notes) ctx.note(`${file}: ${n.message}`, loc);
    const members = (member: string): Value | undefined => {
      if (member.startsWith('__') && member !== '__name__') return undefined;
      const own = scope.vars.get(member);
      if (own !== undefined) return detached(own, loc);
      // Names the module star-imported are part of its namespace too (`from brian2.units import *`).
      for (const s of scope.starImports) {
        const v = s.lookup(member);
        if (v !== undefined) return v;
      }
      return undefined;
    };
    const star = { names: [...scope.vars.keys()].filter((n) => !n.startsWith('_')), lookups: [...scope.starImports] };
    const mod: Value = { t: 'module', name, members, star };
    cache.set(path, mod);
    return mod;
  };
}
