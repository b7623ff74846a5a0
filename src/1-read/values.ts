// Values of the partial evaluator: what a script's expressions evaluate to without running Python.
// Numbers and arrays carry their physical dimension (Brian2 quantities); strings keep the file offset
// of each character so errors inside Brian2 strings can be located; Brian2 objects are records that the
// model builder reads. `unknown` stands for data that exists only once the simulation has run.

import type { Loc, Stmt, Param } from '../../grammars/ast.js';
import type { SExpr } from '../symbolic/expr.js';
import { type Dim, DIMENSIONLESS, formatDim, isDimensionless } from '../units/dimension.js';
import type { NDArray } from './ndarray.js';
import type { Scope } from './scope.js';
import type { Brian2Object } from './brian2/objects.js';

export type Value =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; v: number; int: boolean; dim: Dim }
  | { t: 'array'; a: NDArray; dim: Dim }
  | { t: 'str'; v: string; offsets: number[] | null; loc: Loc }
  | { t: 'list'; items: Value[] }
  | { t: 'tuple'; items: Value[] }
  | { t: 'dict'; keys: Value[]; values: Value[] }
  | { t: 'set'; items: Value[] }
  | { t: 'range'; start: number; stop: number; step: number }
  /**
   * `ellipsis`: Python's `...`, which stands for as many full slices as needed. `dim`: the bounds are
   * quantities of this dimension (`morpho.axon[10*um:20*um]`); absent for integers.
   */
  | { t: 'slice'; start: number | null; stop: number | null; step: number | null; ellipsis?: true; dim?: Dim }
  /** `qualname`: where the script got it (`numpy.sin` for `from numpy import sin` or `np.sin`), when it came from a module. */
  | { t: 'builtin'; name: string; fn: BuiltinFn; self?: Value; qualname?: string }
  /** `attrs`: attributes the script set on the function (`f.calls = 0`), as Python functions allow. */
  | {
      t: 'function';
      name: string;
      params: Param[];
      body: Stmt[] | null;
      lambdaBody?: import('../../grammars/ast.js').Expr;
      closure: Scope;
      defaults: (Value | null)[];
      attrs?: Map<string, Value>;
    }
  /**
   * A module, or an object with attributes; `setMember`/`setItem` when the script may assign to them (prefs).
   * `star`: for a module beside the script (local-modules.ts), what `from module import *` binds: its
   * public names (they become the script's own, as in Python) and the star imports it made itself.
   */
  | {
      t: 'module';
      name: string;
      members: (name: string) => Value | undefined;
      setMember?: (name: string, v: Value, loc: Loc) => void;
      setItem?: (key: Value, v: Value, loc: Loc) => void;
      star?: { names: string[]; lookups: { module: string; lookup: (name: string) => Value | undefined }[] };
    }
  | { t: 'object'; obj: Brian2Object }
  /** A class of the script (classes.ts): its attributes (methods, class variables) and its base. */
  | { t: 'class'; name: string; attrs: Map<string, Value>; base: Extract<Value, { t: 'class' }> | null }
  /** An instance of a class of the script, with its own attributes. */
  | { t: 'instance'; cls: Extract<Value, { t: 'class' }>; attrs: Map<string, Value> }
  /** Per-element symbolic value over a group or synapses (`S.i[:]`, `rand(N)`), resolved when assigned. */
  | {
      t: 'lazy';
      owner: string | null;
      n: number | null;
      expr: SExpr;
      dim: Dim | null;
      loc: Loc /** Its values when the script already determines them (S.i after connect(i=..., j=...)). */;
      values?: NDArray;
    }
  /**
   * Numbers drawn from numpy.random while the model is built: drawn by the generated project in the
   * script's order (drawn.ts). `a` is a placeholder with the shape and dtype (its numbers mean nothing);
   * `node` is how the project computes the value. `dyn`: a length known only when the project runs (the
   * number of synapses made by connect()): for a scalar, it is that length; for an array, its axes of
   * placeholder length DYN_LEN have that length.
   */
  | {
      t: 'drawn';
      node: import('./drawn-node.js').DNode;
      a: NDArray;
      dim: Dim;
      scalar: boolean;
      loc: Loc;
      dyn?: import('./drawn-node.js').DNode;
      pylist?: boolean;
    }
  | { t: 'equations'; parts: EquationsPart[] }
  /** `afterRun`: data of the simulation (monitors, variables after run()), as opposed to an unevaluated module. */
  | {
      t: 'unknown';
      why: string;
      loc: Loc;
      afterRun?: boolean;
      /** Dotted path when it is (a member of) a module the converter does not evaluate. */
      module?: string;
      /**
       * The recorded spikes of a SpikeMonitor (`M.i`, `M.t`, `M.i[:]`), unchanged: a SpikeGeneratorGroup
       * made from them gets them in the project. Any operation on the value drops it (see opaque()).
       */
      recording?: MonitorRecording;
    }
  /** Plotting and other output: every use is accepted and does nothing. */
  | { t: 'inert'; what: string /** A grid of plot axes (`plt.subplots(2, 3)`): its numpy shape (figures.ts). */; shape?: number[] };

/** A SpikeMonitor's recorded indices or times, read after `runs` run() calls of the script. */
export interface MonitorRecording {
  monitor: string;
  variable: 'i' | 't';
  runs: number;
  loc: Loc;
}

/** A value known only after the run, as the result of an operation: no longer the monitor's recording itself. */
export function opaque<V extends Value>(v: V): V {
  if (v.t !== 'unknown' || !v.recording) return v;
  const { recording: _, ...rest } = v;
  return rest as V;
}

export interface EquationsPart {
  text: Extract<Value, { t: 'str' }>;
  /** Keyword substitutions of `Equations(..., x='y', tau=10*ms)`. */
  substitutions: Map<string, Value>;
}

export interface CallArgs {
  positional: Value[];
  keywords: Map<string, Value>;
  /** Locations of each argument (positional first, then keywords by name). */
  locs: { positional: Loc[]; keywords: Map<string, Loc> };
  loc: Loc;
}

export type BuiltinFn = (args: CallArgs, ctx: import('./context.js').EvalContext, call: (fn: Value, args: CallArgs) => Value) => Value;

/** Arguments for calling back into the evaluator (map, sorted(key=...)). */
export function callArgs(positional: Value[], loc: Loc): CallArgs {
  return { positional, keywords: new Map(), locs: { positional: positional.map(() => loc), keywords: new Map() }, loc };
}

export const NONE: Value = { t: 'none' };
export const TRUE: Value = { t: 'bool', v: true };
export const FALSE: Value = { t: 'bool', v: false };

export function num(v: number, dim: Dim = DIMENSIONLESS, int = false): Value {
  return { t: 'num', v, int, dim };
}

export function int(v: number): Value {
  return { t: 'num', v, int: true, dim: DIMENSIONLESS };
}

export function bool(v: boolean): Value {
  return v ? TRUE : FALSE;
}

export function str(v: string, loc: Loc, offsets: number[] | null = null): Value {
  return { t: 'str', v, offsets, loc };
}

export function builtin(name: string, fn: BuiltinFn): Value {
  return { t: 'builtin', name, fn };
}

/** A module's member as the script holds it: a function remembers which module it came from. */
export function memberOfModule(v: Value | undefined, module: string, name: string): Value | undefined {
  return v && v.t === 'builtin' && !v.qualname && !v.self ? { ...v, qualname: `${module}.${name}` } : v;
}

export function quantityText(v: number, d: Dim): string {
  return isDimensionless(d) ? String(v) : `${v} ${formatDim(d)}`;
}

/** Short description for messages: "a string", "a quantity in volt", "a NeuronGroup". */
export function describe(v: Value): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return 'a boolean';
    case 'num':
      return isDimensionless(v.dim) ? (v.int ? 'an integer' : 'a number') : `a quantity in ${formatDim(v.dim)}`;
    case 'array':
      return isDimensionless(v.dim) ? 'an array' : `an array in ${formatDim(v.dim)}`;
    case 'str':
      return 'a string';
    case 'list':
      return 'a list';
    case 'tuple':
      return 'a tuple';
    case 'dict':
      return 'a dict';
    case 'set':
      return 'a set';
    case 'range':
      return 'a range';
    case 'slice':
      return 'a slice';
    case 'builtin':
    case 'function':
      return `the function ${v.name}`;
    case 'module':
      return `the module ${v.name}`;
    case 'object':
      return `a ${v.obj.kind}`;
    case 'class':
      return `the class ${v.name}`;
    case 'instance':
      return `a ${v.cls.name} object`;
    case 'lazy':
      return 'a per-element value';
    case 'drawn':
      return v.scalar ? 'a random number drawn while the model is built' : 'an array of random numbers drawn while the model is built';
    case 'equations':
      return 'an Equations object';
    case 'unknown':
      return 'a value known only after the simulation';
    case 'inert':
      return v.what;
  }
}

export function isStr(v: Value): v is Extract<Value, { t: 'str' }> {
  return v.t === 'str';
}
