// The view of engine/operations.py: the script's network operations and the functions they call, printed
// back as Python from the host-code tree (2-model/host-code.ts), against the engine: `_sim` is the
// simulation (a group's variable `G.v` is `_sim.<group>.v`, a subgroup's a slice of it, which numpy
// makes a view that writes through, as Brian2's VariableView does), `_g` holds the script's variables as
// they are when each run() starts (and the operations' own state), Brian2's units are their values
// (10.0**scale, as Brian2 computes them). Every statement is printed as the script wrote it, operator by
// operator, so the numbers are those of Python running the script with Brian2.

import type { HostCalleeIR, HostConstIR, HostExprIR, HostGlobalIR, HostStmtIR, HostTargetIR, HostVariableIR } from '../../2-model/ir.js';
import type { LoweredModel } from '../../3-lower/lowered.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { comment, NameAllocator, pyIdent, pyStr } from '../../4-emit/python-names.js';
import { pythonNumber } from '../../symbolic/print.js';
import { UNITS } from '../../units/table.js';
import { formatDim } from '../../units/dimension.js';
import { computedCode } from './computed-code.js';
import { marker } from './markers.js';

export interface OperationsView {
  doc: string;
  units: { name: string; value: string; comment: string }[];
  globals: { name: string; comment: string }[];
  startRun: string[];
  functions: { signature: string; doc: string; lines: string[] }[];
}

/** How the schedule calls an operation: `_ops.<function>(self, self._g, t)`, every `everySteps` steps. */
export interface OperationCalls {
  /** By operation id: the Python function. */
  functions: Map<string, string>;
}

export interface OperationsContext {
  /** Attribute of the simulation holding each group, synapses object, input (by id). */
  objectAttr: (id: string) => string;
  /** Attribute of the simulation holding each monitor (by id). */
  monitorAttr: (id: string) => string;
  array: (values: number[], name: string, dtype: 'f8' | 'i8', shape: number[]) => string;
}

// Python's precedence levels (higher binds tighter).
const P = { ifexp: 1, or: 2, and: 3, not: 4, compare: 5, bor: 6, bxor: 7, band: 8, shift: 9, add: 10, mul: 11, unary: 12, pow: 13, atom: 15 };
const BINARY_PREC: Record<string, number> = {
  '|': P.bor,
  '^': P.bxor,
  '&': P.band,
  '<<': P.shift,
  '>>': P.shift,
  '+': P.add,
  '-': P.add,
  '*': P.mul,
  '/': P.mul,
  '//': P.mul,
  '%': P.mul,
  '@': P.mul,
  '**': P.pow,
};

/** A local's name in the generated code: the script's, except names with a leading underscore (ours live there). */
/** The object a host variable belongs to: a group (GroupRef) or synapses (their id in `synapses`). */
function ownerId(owner: HostVariableIR['owner']): string {
  return typeof owner.synapses === 'string' ? owner.synapses : (owner as { group: string }).group;
}

function localName(name: string): string {
  return name.startsWith('_') ? `_l${name}` : name;
}

export function buildOperationsView(model: LoweredModel, source: SourceFile, o: OperationsContext): { view: OperationsView; calls: OperationCalls } {
  const lineOf = (span: { start: number }) => source.position(span.start).line;
  const modules = new NameAllocator(['Globals', 'start_run']);
  const fnNames = new Map<string, string>();
  for (const f of model.hostFunctions) fnNames.set(f.id, modules.take(f.id));
  const opNames = new Map<string, string>();
  for (const op of model.networkOperations) opNames.set(op.id, modules.take(op.pyName));
  const attrs = new NameAllocator(['start_run']);
  const globalAttr = new Map<string, string>(model.hostGlobals.map((g) => [g.id, attrs.take(g.id)]));
  const units = new Map<string, { name: string; value: string; comment: string }>();
  let arrays = 0;

  const constCode = (c: HostConstIR, dataName: string): string => {
    switch (c.kind) {
      case 'number': {
        const text = c.int && Number.isInteger(c.v) ? String(c.v) : pythonNumber(c.v);
        const literal = text === 'inf' ? 'float("inf")' : text === '-inf' ? 'float("-inf")' : text === 'nan' ? 'float("nan")' : text;
        return c.numpy ? `_np.float64(${literal})` : literal.startsWith('-') ? `(${literal})` : literal;
      }
      case 'bool':
        return c.v ? 'True' : 'False';
      case 'none':
        return 'None';
      case 'str':
        return pyStr(c.v);
      case 'array': {
        if (c.shape.length === 0)
          return `_np.array(${c.dtype === 'bool' ? (c.values[0] ? 'True' : 'False') : c.dtype === 'int' ? String(c.values[0]) : pythonNumber(c.values[0] ?? 0)})`;
        const a = o.array(c.values, `${dataName}_${arrays++}`, c.dtype === 'float' ? 'f8' : 'i8', c.shape);
        return c.dtype === 'bool' ? `${a}.astype(bool)` : a;
      }
      case 'list':
        return `[${c.items.map((x) => constCode(x, dataName)).join(', ')}]`;
      case 'tuple':
        return c.items.length === 1 ? `(${constCode(c.items[0]!, dataName)},)` : `(${c.items.map((x) => constCode(x, dataName)).join(', ')})`;
      case 'set':
        return c.items.length ? `{${c.items.map((x) => constCode(x, dataName)).join(', ')}}` : 'set()';
      case 'dict':
        return `{${c.keys.map((k, i) => `${constCode(k, dataName)}: ${constCode(c.values[i]!, dataName)}`).join(', ')}}`;
      case 'computed':
        return computedCode(c.node, { sim: '_sim', array: o.array, dataName });
    }
  };

  const unitCode = (scale: number, text: string): string => {
    const u = UNITS.get(text);
    const value = `10.0 ** ${scale < 0 ? `-${pythonNumber(-scale).replace(/\.0$/, '')}` : pythonNumber(scale).replace(/\.0$/, '')}`;
    if (!u) return `(${value})`;
    const name = `_u_${pyIdent(text)}`;
    units.set(name, { name, value, comment: formatDim(u.dim) });
    return name;
  };

  const variableCode = (v: HostVariableIR): string => {
    const owner = ownerId(v.owner);
    const base = `_sim.${o.objectAttr(owner)}.${pyIdent(v.variable)}`;
    if (v.shared || typeof v.owner.synapses === 'string') return base;
    const full = model.groups.find((g) => g.id === (v.owner as { group: string }).group)!.n;
    return v.owner.start === 0 && v.owner.stop === full ? base : `${base}[${v.owner.start}:${v.owner.stop}]`;
  };

  type Printed = { text: string; prec: number };
  const wrap = (p: Printed, min: number) => (p.prec < min ? `(${p.text})` : p.text);

  const callee = (c: HostCalleeIR): string => {
    switch (c.kind) {
      case 'numpy':
        return `_np.${c.name}`;
      case 'math':
        return `_math.${c.name}`;
      case 'builtin':
        return c.name;
      case 'function':
        return fnNames.get(c.id)!;
      case 'timed-array':
        // Called from Python, as the default clock's code calls it (its function for that clock's dt).
        return `_sim.timed_arrays[${pyStr(c.id)}].at(_sim.clocks[0].dt)`;
    }
  };

  const expr = (e: HostExprIR, fnData: string): Printed => {
    const x = (y: HostExprIR, min: number) => wrap(expr(y, fnData), min);
    const args = (xs: HostExprIR[], kw: [string, HostExprIR][]) =>
      [...xs.map((y) => expr(y, fnData).text), ...kw.map(([k, y]) => `${k}=${expr(y, fnData).text}`)].join(', ');
    switch (e.e) {
      case 'const': {
        const text = constCode(e.value, fnData);
        return { text, prec: text.startsWith('(') || /^[\w.]+$/.test(text) ? P.atom : P.atom };
      }
      case 'unit':
        return { text: unitCode(e.scale, e.text), prec: P.atom };
      case 'local':
        return { text: localName(e.name), prec: P.atom };
      case 'named':
        return { text: e.module === 'builtins' ? e.name : `${e.module === 'numpy' ? '_np' : '_math'}.${e.name}`, prec: P.atom };
      case 'synaptic-index':
        return { text: `_sim.${o.objectAttr(e.synapses)}.${e.which}.copy()`, prec: P.atom };
      case 'ellipsis':
        return { text: '...', prec: P.atom };
      case 'global':
        return { text: `_g.${globalAttr.get(e.id)!}`, prec: P.atom };
      case 'defaultclock':
        return { text: e.field === 't' ? '_sim.clocks[0].t' : '_sim.clocks[0].dt', prec: P.atom };
      case 'variable': {
        const base = variableCode(e);
        // A shared variable reads as a scalar, as Brian2's VariableView gives it.
        return { text: e.shared ? `${base}[()]` : base, prec: P.atom };
      }
      case 'size':
        return { text: `_sim.${o.objectAttr(ownerId(e.owner))}.N`, prec: P.atom };
      case 'monitor':
        return { text: monitorCode(e.monitor, e.field), prec: P.atom };
      case 'call':
        return {
          text: `${callee(e.callee)}(${[...(e.callee.kind === 'function' ? ['_sim', '_g'] : []), args(e.args, e.kwargs)].filter((s) => s).join(', ')})`,
          prec: P.atom,
        };
      case 'method':
        return { text: `${x(e.self, P.atom)}.${e.name}(${args(e.args, e.kwargs)})`, prec: P.atom };
      case 'attr':
        return { text: `${x(e.self, P.atom)}.${e.name}`, prec: P.atom };
      case 'index':
        return { text: `${x(e.self, P.atom)}[${indexCode(e.index, fnData)}]`, prec: P.atom };
      case 'slice':
        return { text: `slice(${[e.lower, e.upper, e.step].map((y) => (y ? expr(y, fnData).text : 'None')).join(', ')})`, prec: P.atom };
      case 'binary': {
        const p = BINARY_PREC[e.op]!;
        // ** is right-associative; the others left-associative.
        const left = e.op === '**' ? x(e.a, p + 1) : x(e.a, p);
        const right = e.op === '**' ? x(e.b, P.unary) : x(e.b, p + 1);
        return { text: `${left} ${e.op} ${right}`, prec: p };
      }
      case 'unary':
        if (e.op === 'not') return { text: `not ${x(e.a, P.not)}`, prec: P.not };
        return { text: `${e.op}${x(e.a, P.unary)}`, prec: P.unary };
      case 'boolop':
        return { text: e.values.map((v) => x(v, (e.op === 'or' ? P.or : P.and) + 1)).join(` ${e.op} `), prec: e.op === 'or' ? P.or : P.and };
      case 'compare':
        return { text: e.operands.map((v, k) => (k === 0 ? x(v, P.compare + 1) : `${e.ops[k - 1]} ${x(v, P.compare + 1)}`)).join(' '), prec: P.compare };
      case 'ifexp':
        return { text: `${x(e.body, P.ifexp + 1)} if ${x(e.test, P.ifexp + 1)} else ${x(e.orelse, P.ifexp)}`, prec: P.ifexp };
      case 'list':
        return { text: `[${e.items.map((y) => expr(y, fnData).text).join(', ')}]`, prec: P.atom };
      case 'tuple':
        return {
          text: e.items.length === 1 ? `(${expr(e.items[0]!, fnData).text},)` : `(${e.items.map((y) => expr(y, fnData).text).join(', ')})`,
          prec: P.atom,
        };
      case 'set':
        return { text: e.items.length ? `{${e.items.map((y) => expr(y, fnData).text).join(', ')}}` : 'set()', prec: P.atom };
      case 'dict':
        return { text: `{${e.keys.map((k, i) => `${expr(k, fnData).text}: ${expr(e.values[i]!, fnData).text}`).join(', ')}}`, prec: P.atom };
      case 'comprehension': {
        const gens = e.generators
          .map((g) => `for ${targetCode(g.target, fnData)} in ${x(g.iter, P.or)}${g.ifs.map((c) => ` if ${x(c, P.or)}`).join('')}`)
          .join(' ');
        const elt = e.type === 'dict' ? `${x(e.elt, P.ifexp)}: ${x(e.value!, P.ifexp)}` : x(e.elt, P.ifexp);
        const [open, close] = e.type === 'list' ? ['[', ']'] : e.type === 'generator' ? ['(', ')'] : ['{', '}'];
        return { text: `${open}${elt} ${gens}${close}`, prec: P.atom };
      }
    }
  };

  /** Inside [...]: a tuple without parentheses and slices with colons, as the script wrote them. */
  const indexCode = (e: HostExprIR, fnData: string): string => {
    const one = (y: HostExprIR) =>
      y.e === 'slice'
        ? [y.lower, y.upper, y.step]
            .map((p, k) => (p ? expr(p, fnData).text : k === 2 ? null : ''))
            .filter((s) => s !== null)
            .join(':')
        : expr(y, fnData).text;
    if (e.e === 'tuple') return e.items.length === 1 ? `${one(e.items[0]!)},` : e.items.map(one).join(', ');
    return one(e);
  };

  const monitorCode = (id: string, field: string): string => {
    const m = `_sim.${o.monitorAttr(id)}`;
    if (field === 'num_spikes') return `${m}.num_events()`;
    if (field === 'count') return `${m}.count.copy()`;
    if (field === 'i') return `${m}.recorded_i()`;
    if (field === 't') return `${m}.recorded_t()`;
    if (field === 'rate') return `${m}.recorded_rate()`;
    return `${m}.recorded(${pyStr(field.slice('var:'.length))})`;
  };

  /** A target of `=`: variables are written element-wise (Brian2's VariableView), other names rebound. */
  const targetCode = (t: HostTargetIR, fnData: string): string => {
    switch (t.t) {
      case 'local':
        return localName(t.name);
      case 'global':
        return `_g.${globalAttr.get(t.id)!}`;
      case 'variable':
        return `${variableCode(t)}[...]`;
      case 'index':
        return `${wrap(expr(t.self, fnData), P.atom)}[${indexCode(t.index, fnData)}]`;
      case 'tuple':
        return t.items.map((x) => targetCode(x, fnData)).join(', ') + (t.items.length === 1 ? ',' : '');
    }
  };

  const isVariableTarget = (t: HostTargetIR) => t.t === 'variable' || (t.t === 'index' && t.self.e === 'variable');

  const stmts = (list: HostStmtIR[], fnData: string): string[] => {
    const out: string[] = [];
    const block = (body: HostStmtIR[]) => {
      const lines = stmts(body, fnData);
      return (lines.length ? lines : ['pass']).map((l) => `    ${l}`);
    };
    for (const s of list) {
      const mark = marker(lineOf(s.span), source.text.slice(s.span.start, s.span.end).split('\n')[0]!);
      switch (s.s) {
        case 'expr':
          out.push(mark, expr(s.value, fnData).text);
          break;
        case 'assign':
          out.push(mark, `${s.targets.map((t) => targetCode(t, fnData)).join(' = ')} = ${expr(s.value, fnData).text}`);
          break;
        case 'augassign': {
          out.push(mark);
          const target = targetCode(s.target, fnData);
          // Brian2: `G.v += x` sets the variable to its values + x (cast to the variable's type), not numpy's
          // in-place operator (which refuses to cast a float result into an integer array).
          if (isVariableTarget(s.target)) {
            const read = s.target.t === 'variable' ? expr({ e: 'variable', ...s.target }, fnData).text : target;
            out.push(`${target} = ${read} ${s.op} ${wrap(expr(s.value, fnData), (BINARY_PREC[s.op] ?? P.atom) + 1)}`);
          } else out.push(`${target} ${s.op}= ${expr(s.value, fnData).text}`);
          break;
        }
        case 'if': {
          out.push(mark, `if ${expr(s.test, fnData).text}:`, ...block(s.body));
          if (s.orelse.length) out.push('else:', ...block(s.orelse));
          break;
        }
        case 'while':
          out.push(mark, `while ${expr(s.test, fnData).text}:`, ...block(s.body));
          if (s.orelse.length) out.push('else:', ...block(s.orelse));
          break;
        case 'for':
          out.push(mark, `for ${targetCode(s.target, fnData)} in ${expr(s.iter, fnData).text}:`, ...block(s.body));
          if (s.orelse.length) out.push('else:', ...block(s.orelse));
          break;
        case 'return':
          out.push(mark, s.value ? `return ${expr(s.value, fnData).text}` : 'return');
          break;
        case 'break':
        case 'continue':
        case 'pass':
          out.push(s.s);
          break;
        case 'stop':
          out.push(mark, '_sim.stop()');
          break;
        case 'skipped':
          out.push(`${mark} (output: ${comment(s.what)}, left out)`);
          break;
      }
    }
    return out;
  };

  const functions: OperationsView['functions'] = [];
  for (const op of model.networkOperations) {
    const lines = stmts(op.body, `op_${pyIdent(op.id)}`);
    functions.push({
      // Called with the time of its clock, which the function ignores when it takes no argument.
      signature: `${opNames.get(op.id)!}(_sim, _g, ${op.timeParam ? localName(op.timeParam) : '_t'})`,
      doc: `Network operation '${comment(op.id)}' (${comment(op.pyName)}, line ${lineOf(op.span)}): slot ${comment(op.slot.when)}, order ${op.slot.order}, ${op.dt === null ? 'every step' : `dt = ${pythonNumber(op.dt)} s`}.`,
      lines: lines.length ? lines : ['pass'],
    });
  }
  for (const f of model.hostFunctions) {
    const params = f.params.map((p) => (p.default ? `${localName(p.name)}=${expr(p.default, `fn_${pyIdent(f.id)}`).text}` : localName(p.name)));
    const lines = stmts(f.body, `fn_${pyIdent(f.id)}`);
    functions.push({
      signature: `${fnNames.get(f.id)!}(${['_sim', '_g', ...params].join(', ')})`,
      doc: `The script's function ${comment(f.pyName)} (line ${lineOf(f.span)}), called by network operations.`,
      lines: lines.length ? lines : ['pass'],
    });
  }

  const startRun: string[] = [];
  const runs = Math.max(0, ...model.hostGlobals.map((g) => g.values.length));
  let first = true;
  for (let k = 0; k < runs; k++) {
    const sets = model.hostGlobals
      .filter((g) => g.values[k])
      .map((g) => `    self.${globalAttr.get(g.id)!} = ${constCode(g.values[k]!, `global_${pyIdent(g.id)}_${k}`)}`);
    if (!sets.length) continue;
    startRun.push(`${first ? 'if' : 'elif'} k == ${k}:`, ...sets);
    first = false;
  }
  const globals = model.hostGlobals.map((g: HostGlobalIR) => ({
    name: globalAttr.get(g.id)!,
    comment: `${comment(g.name)} (line ${lineOf(g.span)})${g.state ? ', changed by the operations' : ''}`,
  }));
  const fileName = source.path.split(/[\\/]/).pop() ?? source.path;
  return {
    view: {
      doc: `The network operations of ${comment(fileName)}, translated by brian2lava from the script's own Python.`,
      units: [...units.values()],
      globals,
      startRun: startRun.length ? startRun : ['pass'],
      functions,
    },
    calls: { functions: opNames },
  };
}
