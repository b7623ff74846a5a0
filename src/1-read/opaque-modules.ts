// Modules the evaluator does not evaluate (os, time, subprocess, ...): importing one binds an unknown
// value that carries its dotted path, so a call through it can be judged by what the module can do.

import type { Loc } from '../../grammars/ast.js';
import type { Value } from './values.js';

/** The value of a module the converter does not evaluate; it explains itself where the model needs it. */
export function opaqueModule(name: string, loc: Loc): Value {
  return {
    t: 'unknown',
    why: `the module '${name}' is not available while the model is built; only brian2, numpy and math are`,
    loc,
    module: name,
  };
}

/**
 * Modules whose functions only compute or read the clock (`start = time.time()`): a call gives an
 * unknown value, an error only where the model uses it. The functions of every other module may act
 * outside the model (files, processes, network: `os.remove`, `subprocess.run`, `socket...`); the
 * converter never executes the script, so such a call before the last run() is refused with its line.
 */
const PURE_MODULES =
  /^(time|datetime|calendar|timeit|platform|cmath|statistics|random|string|re|itertools|functools|operator|collections|copy|pprint|textwrap|warnings|fractions|decimal|numbers|typing|dataclasses|enum|json|os\.path|os\.(getpid|getppid|cpu_count|getcwd|getlogin|uname|sep|linesep|name|curdir|pardir)|socket\.gethostname)(\.|$)/;

/** Whether calling the module member at dotted path `path` can only compute a value. */
export function isPureModuleMember(path: string): boolean {
  return PURE_MODULES.test(path);
}

/** A member of a module the converter does not evaluate (`os.remove`): unknown, with its path. */
export function opaqueMember(module: Extract<Value, { t: 'unknown' }>, name: string): Value {
  return module.module ? { ...module, module: `${module.module}.${name}` } : module;
}
