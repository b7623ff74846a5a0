// `S.connect(...)` → ConnectIR, following Brian2's cases: a condition (with p and n), explicit i/j
// arrays, or generator syntax for j (or i). Names in the strings resolve as in synaptic code (i, j,
// pre- and postsynaptic variables), with the script's constants inlined as they are when connect() is
// called. The pattern itself is drawn by the generated project, not here.

import type { Expr, Loc } from '../../grammars/ast.js';
import { parseCondition, parseGenerator, type StringSource } from '../../grammars/brian2-strings.js';
import type { ScriptAction } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { hasSymbol, sym } from '../symbolic/expr.js';
import { DIMENSIONLESS, formatDim, isDimensionless } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import { numbersOf } from './inputs.js';
import { computedValue } from './computed.js';
import type { ConnectIR, ExprIR, GeneratorIR } from './ir.js';
import { nameTable } from './names.js';
import { Resolver, type NameTable, type VarInfo } from './resolve.js';
import { parseOrFail, stringSource } from './strings.js';
import type { SynapsesInfo } from './synapses.js';
import { variablesOf } from './synaptic-names.js';

type Arg = { value: Value; loc: Loc };
type ConnectAction = Extract<ScriptAction, { kind: 'connect' }>;

function isStr(v: Value): v is Extract<Value, { t: 'str' }> {
  return v.t === 'str';
}

function given(a: Arg | undefined): a is Arg {
  return !!a && a.value.t !== 'none';
}

/** A sub-range of a string source (keeps the file offsets of its characters). */
function slice(src: StringSource, start: number, end: number): StringSource {
  return { value: src.value.slice(start, end), offsets: src.offsets.slice(start, end + 1) };
}

class ConnectBuilder {
  constructor(
    private readonly env: BuildEnv,
    private readonly info: SynapsesInfo,
    private readonly ns: ConnectAction['ns'],
  ) {}

  names(extra: Map<string, VarInfo> = new Map()): NameTable {
    const vars = variablesOf(this.info.table);
    for (const [k, v] of extra) vars.set(k, v);
    return nameTable(this.env, { variables: vars, fixed: this.info.fixed, namespace: this.ns, runIndex: 0, constants: 'inline', random: true });
  }

  /** Resolve a parsed expression; N_incoming/N_outgoing are ill-defined while synapses are created. */
  resolve(e: Expr, names: NameTable): ExprIR & { type: string } {
    const ctx = this.env.ctx;
    const r = new Resolver(ctx, names).resolve(e);
    if (hasSymbol(r.ast, (s) => s.role === 'special' && (s.name === 'N_incoming' || s.name === 'N_outgoing'))) {
      ctx.fail('value-error', e.loc, {
        detail: 'the connect statement cannot refer to N_incoming or N_outgoing',
        hint: 'they change while the synapses are created',
      });
    }
    return { code: ctx.text(e.loc), ast: r.ast, dim: r.dim, span: ctx.span(e.loc), type: r.type };
  }

  expression(v: Extract<Value, { t: 'str' }>, what: string, names: NameTable): ExprIR & { type: string } {
    return this.resolve(
      parseOrFail(() => parseCondition(stringSource(v), what), this.env.ctx, 'code-syntax'),
      names,
    );
  }

  condition(a: Arg): ExprIR | null | false {
    const ctx = this.env.ctx;
    const v = a.value;
    if (v.t === 'bool') return v.v ? null : false;
    if (!isStr(v)) {
      return ctx.fail('type-error', a.loc, {
        detail: 'the condition must be True, False or a string',
        hint: 'to connect given indices, use connect(i=..., j=...)',
      });
    }
    if (/\bfor\b/.test(v.v)) {
      ctx.fail('value-error', a.loc, { detail: 'a generator expression was given as the condition', hint: `write connect(j='${v.v}') instead` });
    }
    if (v.v.trim() === 'True') return null;
    if (v.v.trim() === 'False') return false;
    const e = this.expression(v, 'the connection condition', this.names());
    if (e.type !== 'boolean')
      ctx.fail('type-error', a.loc, { detail: `the condition '${v.v}' is not a boolean condition`, hint: "compare values, e.g. 'i != j'" });
    return e;
  }

  probability(a: Arg | undefined): ExprIR | null {
    const ctx = this.env.ctx;
    if (!given(a)) return null;
    const v = a.value;
    if (v.t === 'num' || v.t === 'bool') {
      const p = v.t === 'num' ? v.v : v.v ? 1 : 0;
      if (v.t === 'num' && !isDimensionless(v.dim))
        ctx.fail('unit-mismatch', a.loc, { detail: `p must be dimensionless, not ${formatDim(v.dim)}`, hint: 'give a probability between 0 and 1' });
      return p === 1 ? null : { code: String(p), ast: { k: 'num', v: p }, dim: DIMENSIONLESS, span: ctx.span(a.loc) };
    }
    if (!isStr(v)) return ctx.fail('type-error', a.loc, { detail: 'p must be a number or a string', hint: "e.g. p=0.1 or p='exp(-abs(i - j)/10)'" });
    const e = this.expression(v, 'the connection probability', this.names());
    if (!isDimensionless(e.dim))
      ctx.fail('unit-mismatch', a.loc, {
        detail: `the expression for p must be dimensionless, not ${formatDim(e.dim)}`,
        hint: 'divide by a quantity of the same units',
      });
    return e;
  }

  multiplicity(a: Arg | undefined): ExprIR | null {
    const ctx = this.env.ctx;
    if (!given(a)) return null;
    const v = a.value;
    if (v.t === 'num') {
      if (!v.int || v.v < 0) ctx.fail('type-error', a.loc, { detail: 'n must be a non-negative integer', hint: 'the number of synapses per pair, e.g. n=2' });
      return v.v === 1 ? null : { code: String(v.v), ast: { k: 'num', v: v.v }, dim: DIMENSIONLESS, span: ctx.span(a.loc) };
    }
    if (!isStr(v)) return ctx.fail('type-error', a.loc, { detail: 'n must be an integer or a string', hint: 'e.g. n=2' });
    const e = this.expression(v, 'the number of synapses n', this.names());
    if (e.type !== 'integer' || !isDimensionless(e.dim))
      ctx.fail('type-error', a.loc, { detail: 'the expression for n must give an integer', hint: "e.g. n='1 + i % 2'" });
    return e;
  }

  indices(a: Arg, size: number, what: 'source' | 'target'): number[] {
    const ctx = this.env.ctx;
    const nums = numbersOf(a.value);
    if (!nums || !nums.integer || !isDimensionless(nums.dim)) {
      return ctx.fail('type-error', a.loc, {
        detail: `${what === 'source' ? 'presynaptic' : 'postsynaptic'} indices have to be integers`,
        hint: 'give an integer or an array of integers',
      });
    }
    const bad = nums.values.find((k) => k < 0 || k >= size);
    if (bad !== undefined) {
      ctx.fail('value-error', a.loc, {
        detail: `the ${what} index ${bad} is outside the range [0, ${size - 1}] of the ${what} group`,
        hint: `use indices from 0 to ${size - 1}`,
      });
    }
    return nums.values;
  }

  /** `j='k for k in range(...) if ...'`, `j='i'`, `j='i if i > 0'` (and the same for i). */
  generator(a: Extract<Value, { t: 'str' }>, loc: Loc, over: 'i' | 'j', skipIfInvalid: boolean): GeneratorIR {
    const ctx = this.env.ctx;
    const src = stringSource(a);
    const what = 'the generator expression';
    let elementExpr: Expr;
    let variable = '_';
    let iterator: Expr | null = null;
    let condExpr: Expr | null = null;
    if (!/\bfor\b/.test(a.v)) {
      // Brian2: `expr` or `expr if cond` mean `expr for _ in range(1) [if cond]`.
      const parts = a.v.split(' if ');
      if (parts.length > 2)
        ctx.fail('code-syntax', loc, { detail: `cannot read '${a.v}' as a generator expression`, hint: "write e.g. 'k for k in range(i-10, i+10)'" });
      elementExpr = parseOrFail(() => parseCondition(slice(src, 0, parts[0]!.length), what), ctx, 'code-syntax');
      if (parts.length === 2) condExpr = parseOrFail(() => parseCondition(slice(src, parts[0]!.length + 4, a.v.length), what), ctx, 'code-syntax');
    } else {
      const g = parseOrFail(() => parseGenerator(src, what), ctx, 'code-syntax');
      if (g.kind !== 'Comprehension' || g.generators.length !== 1) {
        return ctx.fail('code-syntax', loc, {
          detail: 'the generator expression must have exactly one for clause',
          hint: "write e.g. 'k for k in range(i-10, i+10)'",
        });
      }
      const gen = g.generators[0]!;
      if (gen.target.kind !== 'Name')
        ctx.fail('code-syntax', gen.target.loc, { detail: 'the generator must iterate over a single variable', hint: "write e.g. 'k for k in range(N_post)'" });
      variable = (gen.target as Extract<Expr, { kind: 'Name' }>).id;
      if (this.info.table.has(variable))
        ctx.fail('value-error', gen.target.loc, {
          detail: `'${variable}' is already a name of the synapses`,
          hint: 'use another name for the generator variable, e.g. k',
        });
      if (gen.ifs.length > 1)
        ctx.fail('code-syntax', gen.ifs[1]!.loc, { detail: 'the generator must have at most one if clause', hint: 'combine the conditions with and' });
      elementExpr = g.elt;
      iterator = gen.iter;
      condExpr = gen.ifs[0] ?? null;
    }
    const inner = new Map<string, VarInfo>([[variable, { sym: sym(variable, 'special'), dim: DIMENSIONLESS, type: 'integer' }]]);
    const outerNames = this.names();
    const innerNames = this.names(inner);
    const intExpr = (e: Expr, role: string): ExprIR => {
      const r = this.resolve(e, outerNames);
      if (r.type !== 'integer' || !isDimensionless(r.dim))
        ctx.fail('type-error', e.loc, {
          detail: `the ${role} of ${iterator ? 'the iterator' : 'range'} must be an integer`,
          hint: 'use integer expressions such as i - 3',
        });
      const resultIndex = over === 'i' ? 'j' : 'i';
      if (hasSymbol(r.ast, (s) => (s.role === 'special' && s.name === resultIndex) || s.side === (over === 'i' ? 'post' : 'pre'))) {
        ctx.fail('value-error', e.loc, {
          detail: `the ${role} of the iterator cannot depend on ${resultIndex}, which the generator produces`,
          hint: `use only ${over} and constants`,
        });
      }
      return r;
    };
    let it: GeneratorIR['iterator'];
    if (!iterator) {
      const zero = { code: '0', ast: { k: 'num' as const, v: 0 }, dim: DIMENSIONLESS, span: ctx.span(loc) };
      it = { kind: 'range', start: zero, stop: { ...zero, code: '1', ast: { k: 'num', v: 1 } }, step: null };
    } else {
      if (iterator.kind !== 'Call' || iterator.func.kind !== 'Name' || !['range', 'sample'].includes(iterator.func.id)) {
        return ctx.fail('code-syntax', iterator.loc, {
          detail: 'the iterator must be range(...) or sample(...)',
          hint: "e.g. 'k for k in range(N_post)' or 'k for k in sample(N_post, p=0.1)'",
        });
      }
      const fn = iterator.func.id;
      const pos = iterator.args.filter((x) => !x.name && x.value.kind !== 'Starred');
      const kw = iterator.args.filter((x) => x.name);
      if (pos.length < 1 || pos.length > 3)
        ctx.fail('code-syntax', iterator.loc, {
          detail: `${fn}() takes 1 to 3 positional arguments`,
          hint: `${fn}(stop), ${fn}(start, stop) or ${fn}(start, stop, step)`,
        });
      const [start, stop, step] = pos.length === 1 ? [null, pos[0]!, null] : [pos[0]!, pos[1]!, pos[2] ?? null];
      const startIR = start ? intExpr(start.value, 'start') : { code: '0', ast: { k: 'num' as const, v: 0 }, dim: DIMENSIONLESS, span: ctx.span(iterator.loc) };
      const stopIR = intExpr(stop.value, 'stop');
      const stepIR = step ? intExpr(step.value, 'step') : null;
      if (fn === 'range') {
        if (kw.length) ctx.fail('code-syntax', kw[0]!.loc, { detail: 'range() takes no keyword arguments', hint: 'use sample(..., p=...) for random choices' });
        it = { kind: 'range', start: startIR, stop: stopIR, step: stepIR };
      } else {
        if (kw.length !== 1 || (kw[0]!.name !== 'p' && kw[0]!.name !== 'size')) {
          return ctx.fail('code-syntax', iterator.loc, {
            detail: 'sample() takes one keyword argument, either p or size',
            hint: 'e.g. sample(N_post, p=0.1) or sample(N_post, size=10)',
          });
        }
        const k = kw[0]!;
        if (k.name === 'p') {
          const p = this.resolve(k.value, outerNames);
          if (!isDimensionless(p.dim))
            ctx.fail('unit-mismatch', k.value.loc, { detail: 'p must be dimensionless', hint: 'give a probability between 0 and 1' });
          if (hasSymbol(p.ast, (s) => (s.role === 'special' && s.name === (over === 'i' ? 'j' : 'i')) || s.side === (over === 'i' ? 'post' : 'pre'))) {
            ctx.fail('value-error', k.value.loc, {
              detail: 'p of sample() cannot depend on the index the generator produces',
              hint: `use only ${over} and constants`,
            });
          }
          it = { kind: 'sample', start: startIR, stop: stopIR, step: stepIR, p, size: null };
        } else {
          it = { kind: 'sample', start: startIR, stop: stopIR, step: stepIR, p: null, size: intExpr(k.value, 'size') };
        }
      }
    }
    const element = this.resolve(elementExpr, innerNames);
    if (element.type !== 'integer' || !isDimensionless(element.dim))
      ctx.fail('type-error', elementExpr.loc, { detail: 'the generator must produce integer indices', hint: "e.g. 'k for k in range(i-3, i+4)'" });
    const result = over === 'i' ? 'j' : 'i';
    if (hasSymbol(element.ast, (s) => (s.role === 'special' && s.name === result) || s.side === (over === 'i' ? 'post' : 'pre'))) {
      ctx.fail('value-error', elementExpr.loc, {
        detail: `the generator defines ${result}, so its expression cannot use ${result} or ${over === 'i' ? 'postsynaptic' : 'presynaptic'} variables`,
        hint: `use ${over}, the generator variable and constants`,
      });
    }
    let condition: ExprIR | null = null;
    if (condExpr) {
      // The result index may appear in the condition (with the values it takes).
      const c = this.resolve(condExpr, innerNames);
      if (c.type !== 'boolean')
        ctx.fail('type-error', condExpr.loc, { detail: 'the if clause of the generator must be a condition', hint: "e.g. 'if k != i'" });
      condition = c;
    }
    return { over, variable, element, iterator: it, condition, skipIfInvalid };
  }
}

/** The ConnectIR of one connect() call, or null when it creates nothing (condition False). */
export function buildConnect(a: ConnectAction, env: BuildEnv, info: SynapsesInfo): ConnectIR | null {
  const ctx = env.ctx;
  const b = new ConnectBuilder(env, info, a.ns);
  const args = a.args;
  const cond = args.get('condition');
  const iArg = args.get('i');
  const jArg = args.get('j');
  const skipArg = args.get('skip_if_invalid');
  const skip = given(skipArg) ? skipArg.value.t === 'bool' && skipArg.value.v : false;
  if (given(skipArg) && skipArg.value.t !== 'bool')
    ctx.fail('type-error', skipArg.loc, { detail: 'skip_if_invalid must be True or False', hint: 'e.g. skip_if_invalid=True' });
  // Synapses on synapses: their number is known when the project connects, which checks the range then.
  const nSource = info.source.synapses ? Infinity : info.source.stop - info.source.start;
  const nTarget = info.target.synapses ? Infinity : info.target.stop - info.target.start;

  if (given(cond) || (!given(iArg) && !given(jArg))) {
    if (given(iArg) || given(jArg))
      ctx.fail('value-error', (given(iArg) ? iArg : jArg)!.loc, {
        detail: 'a condition cannot be combined with i or j',
        hint: 'give either a condition or indices',
      });
    const c = given(cond) ? b.condition(cond) : null;
    if (c === false) return null;
    return { kind: 'rule', condition: c, p: b.probability(args.get('p')), n: b.multiplicity(args.get('n')), generator: null };
  }
  if (given(iArg) && given(jArg) && !isStr(iArg.value) && !isStr(jArg.value)) {
    if (skip) ctx.fail('value-error', skipArg!.loc, { detail: 'skip_if_invalid can only be used with the string syntax', hint: 'remove skip_if_invalid' });
    if (iArg.value.t === 'drawn' || jArg.value.t === 'drawn') return drawnIndices(iArg, jArg, args, ctx);
    const i = b.indices(iArg, nSource, 'source');
    const j = b.indices(jArg, nTarget, 'target');
    const pArg = args.get('p');
    let p = 1;
    if (given(pArg)) {
      if (pArg.value.t !== 'num') return ctx.fail('type-error', pArg.loc, { detail: 'with indices, p must be a number', hint: 'e.g. p=0.5' });
      p = pArg.value.v;
    }
    const nArg = args.get('n');
    let n = [1];
    if (given(nArg)) {
      const nums = numbersOf(nArg.value);
      if (!nums || !nums.integer)
        return ctx.fail('type-error', nArg.loc, { detail: 'with indices, n must be an integer or an array of integers', hint: 'e.g. n=2' });
      n = nums.values;
    }
    // numpy broadcasting of i, j and n
    const len = Math.max(i.length, j.length, n.length);
    for (const [arr, argLoc] of [
      [i, iArg.loc],
      [j, jArg.loc],
      [n, nArg?.loc ?? a.loc],
    ] as const) {
      if (arr.length !== 1 && arr.length !== len)
        ctx.fail('value-error', argLoc, {
          detail: `i, j and n have incompatible lengths (${i.length}, ${j.length}, ${n.length})`,
          hint: 'give arrays of the same length, or single values',
        });
    }
    const at = (arr: number[], k: number) => (arr.length === 1 ? arr[0]! : arr[k]!);
    return {
      kind: 'indices',
      i: Array.from({ length: len }, (_, k) => at(i, k)),
      j: Array.from({ length: len }, (_, k) => at(j, k)),
      p,
      n: Array.from({ length: n.length === 1 ? 1 : len }, (_, k) => at(n, k)),
    };
  }
  // Generator syntax.
  const pArg = args.get('p');
  const genArg = given(jArg) && isStr(jArg.value) ? jArg : iArg!;
  const over: 'i' | 'j' = genArg === jArg ? 'i' : 'j';
  const other = over === 'i' ? iArg : jArg;
  if (given(other))
    ctx.fail('type-error', other.loc, {
      detail: `generator syntax for ${over === 'i' ? 'j' : 'i'} cannot be combined with the ${over} argument`,
      hint: 'give only the generator',
    });
  if (given(pArg) && !(pArg.value.t === 'num' && pArg.value.v === 1)) {
    ctx.fail('value-error', pArg.loc, {
      detail: 'generator syntax cannot be combined with p',
      hint: "use sample(..., p=...) inside the generator, e.g. j='k for k in sample(N_post, p=0.1)'",
    });
  }
  if (!isStr(genArg.value))
    return ctx.fail('type-error', genArg.loc, {
      detail: 'i and j must both be indices, or one of them a generator string',
      hint: "e.g. j='k for k in range(i-3, i+4)'",
    });
  const generator = b.generator(genArg.value, genArg.loc, over, skip);
  return { kind: 'rule', condition: null, p: null, n: b.multiplicity(args.get('n')), generator };
}

/**
 * connect(i=..., j=...) with indices the project draws (numpy.random in the script): their lengths and
 * types are checked here, their range when the project connects (Brian2 checks them there too).
 */
function drawnIndices(iArg: Arg, jArg: Arg, args: ConnectAction['args'], ctx: BuildEnv['ctx']): ConnectIR {
  const lengthOf = (a: Arg, what: string): number => {
    const v = a.value;
    if (v.t === 'drawn') {
      if (v.a.dtype !== 'int' || !isDimensionless(v.dim) || (!v.scalar && v.a.shape.length !== 1))
        ctx.fail('type-error', a.loc, {
          detail: `${what} indices have to be integers (one-dimensional)`,
          hint: 'draw them with numpy.random.randint, choice or permutation',
        });
      return v.scalar ? 1 : v.a.shape[0]!;
    }
    const nums = numbersOf(v);
    if (!nums || !nums.integer || !isDimensionless(nums.dim))
      return ctx.fail('type-error', a.loc, { detail: `${what} indices have to be integers`, hint: 'give an integer or an array of integers' });
    return nums.values.length;
  };
  const li = lengthOf(iArg, 'presynaptic');
  const lj = lengthOf(jArg, 'postsynaptic');
  if (li !== 1 && lj !== 1 && li !== lj)
    ctx.fail('value-error', jArg.loc, { detail: `i and j have incompatible lengths (${li}, ${lj})`, hint: 'give arrays of the same length, or single values' });
  const pArg = args.get('p');
  let p = 1;
  if (given(pArg)) {
    if (pArg.value.t !== 'num') return ctx.fail('type-error', pArg.loc, { detail: 'with indices, p must be a number', hint: 'e.g. p=0.5' });
    p = pArg.value.v;
  }
  const nArg = args.get('n');
  if (given(nArg) && !(nArg.value.t === 'num' && nArg.value.int))
    ctx.fail('unsupported', nArg.loc, { what: 'n other than one integer with indices drawn by numpy.random', hint: 'give n as one integer' });
  const n = given(nArg) ? (nArg.value as Extract<Value, { t: 'num' }>).v : 1;
  return { kind: 'indices', i: [], j: [], p, n: [n], computed: { i: computedValue(iArg.value, iArg.loc, ctx), j: computedValue(jArg.value, jArg.loc, ctx) } };
}
