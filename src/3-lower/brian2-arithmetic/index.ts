// The arithmetic of Brian2's numpy target for the generated floating-point code: the expressions the
// cpu target emits are rewritten into the operations Brian2 itself performs, in the same order, so that
// exact-mode traces match Brian2's bit for bit instead of drifting by rounding (1e-16 per operation,
// which chaotic or threshold-crossing dynamics amplify to O(1)). The lowered model keeps the converter's
// own expressions (the Loihi 2 target and --explain use them); this pass, run by the cpu target,
// replaces them block by block. Where Brian2's pipeline meets something this port does not reproduce
// (Unsupported), the block keeps the converter's expression: the same mathematics, rounded differently.
//
// Brian2's pipeline, reproduced step by step:
//   state updaters  sympy (sympy/): str_to_sympy, subexpressions substituted, the method's description
//                   applied, sympy_to_str (state-updaters.ts) — euler, rk2, rk4;
//   every block     make_statements (x = x + ... → x += ...), then the code generator's
//                   ArithmeticSimplifier (blocks.ts, codegen.ts).

import type { EquationIR, ModelIR, NeuronGroupIR, StatementIR, SynapsesIR, ValueIR } from '../../2-model/ir.js';
import type { SExpr } from '../../symbolic/expr.js';
import type { LAction, LGroup, LNeuronGroup, LoweredModel, LStmt, LSynapses, LValue, LVar } from '../lowered.js';
import { vectorisationOf } from '../synapses.js';
import { type BlockStatement, defineSubexpression, generateBlock, generateExpression, type GeneratedStatement } from './blocks.js';
import type { DType } from './codegen.js';
import { annotateExpression, optimiseExpression } from './codegen.js';
import { NameTable, toPy, writtenName } from './convert.js';
import { parsePy } from './pyexpr.js';
import { type B2Equation, EXPLICIT_METHODS, explicitUpdate } from './state-updaters.js';
import { Unsupported } from './sympy/expr.js';

const DTYPES: Record<LVar['dtype'], DType> = { float: 'float', int: 'integer', bool: 'boolean' };
const EQ_DTYPES: Record<EquationIR['type'], DType> = { float: 'float', integer: 'integer', boolean: 'boolean' };

/**
 * The cpu target's pass: the lowered model with Brian2's arithmetic wherever it is reproduced. `kept`
 * receives, for each block left with the converter's own arithmetic, why (for tests and diagnosis).
 */
export function brian2Arithmetic(model: ModelIR, lowered: LoweredModel, kept?: string[]): LoweredModel {
  keptReasons = kept ?? null;
  const irGroups = new Map(model.groups.map((g) => [g.id, g]));
  const loweredGroups = new Map(lowered.groups.map((g) => [g.id, g]));
  const groups = lowered.groups.map((lg) => {
    const g = irGroups.get(lg.id);
    if (lg.kind !== 'NeuronGroup' || lg.cable || g?.kind !== 'NeuronGroup') return lg;
    return neuronGroup(lg, g, model);
  });
  const synapses = lowered.synapses.map((ls) => {
    const s = model.synapses.find((x) => x.id === ls.id);
    return s ? synapsesOf(ls, s, loweredGroups, irGroups, model) : ls;
  });
  return { ...lowered, groups, synapses, program: lowered.program.map((a) => action(a, model, loweredGroups, irGroups)) };
}

let keptReasons: string[] | null = null;

/** `f()` unless this port stops at something it does not reproduce: then `fallback`. */
function attempt<T>(f: () => T, fallback: T, what = ''): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Unsupported) {
      keptReasons?.push(`${what}: ${e.message}`);
      return fallback;
    }
    throw e;
  }
}

// ------------------------------------------------------------------ names

const special = (name: string): SExpr => ({ k: 'sym', name, role: 'special' });

function constantInfo(model: ModelIR): (s: Extract<SExpr, { k: 'sym' }>) => { dtype: DType; scalar: boolean } | null {
  const constants = new Map(model.constants.map((c) => [c.id, c]));
  return (s) => (s.role === 'const' ? { dtype: constants.get(s.name)?.integer ? 'integer' : 'float', scalar: true } : null);
}

function addVariables(table: NameTable, vars: LVar[], side?: 'pre' | 'post', suffix = ''): void {
  for (const v of vars) {
    const name = `${v.name}${suffix}`;
    if (table.has(name)) continue;
    table.set(name, side ? { k: 'sym', name: v.name, role: 'var', side } : { k: 'sym', name: v.name, role: 'var' }, DTYPES[v.dtype], v.shared, true);
  }
}

/** Subexpressions the code may read, defined (optimised) on first use in dependency order. */
function addSubexpressions(table: NameTable, eqs: EquationIR[]): void {
  for (const e of eqs) {
    if (e.kind !== 'subexpression' || !e.expr || e.flags.includes('constant over dt') || e.flags.includes('summed')) continue;
    const shared = e.flags.includes('shared');
    table.lazy(e.name, () => defineSubexpression(table, e.name, e.expr!.ast, EQ_DTYPES[e.type], shared));
  }
}

/** Names in a NeuronGroup's code. */
function neuronTable(lg: LNeuronGroup, g: NeuronGroupIR, model: ModelIR, exprs: SExpr[]): NameTable {
  const table = new NameTable();
  addVariables(table, lg.variables);
  table.set('t', special('t'), 'float', true);
  table.set('dt', special('dt'), 'float', true);
  table.set('t_in_timesteps', special('t_in_timesteps'), 'integer', true);
  table.set('N', special('N'), 'integer', true);
  table.set('i', special('i'), 'integer', false);
  addSubexpressions(table, g.equations);
  const info = constantInfo(model);
  for (const e of [...exprs, ...g.equations.flatMap((q) => (q.expr ? [q.expr.ast] : []))]) table.learn(e, info);
  return table;
}

/** A float variable of the object that make_statements may rewrite into += / *=. */
const floatIn = (table: NameTable) => (name: string) => table.isFloatVariable(name);

// ------------------------------------------------------------------ NeuronGroup

function neuronGroup(lg: LNeuronGroup, g: NeuronGroupIR, model: ModelIR): LNeuronGroup {
  const table = (exprs: SExpr[] = []) => neuronTable(lg, g, model, exprs);
  const out: LNeuronGroup = { ...lg };
  out.update = attempt(() => stateUpdate(g, lg, table()) ?? lg.update, lg.update, `${lg.id} state update`);
  if (lg.threshold && g.threshold) {
    const threshold = g.threshold.ast;
    out.threshold = attempt(
      () => {
        const cond = generateExpression(threshold, table([threshold]));
        return g.refractory ? { k: 'logic', op: 'and', a: cond, b: { k: 'sym', name: 'not_refractory', role: 'var' } } : cond;
      },
      lg.threshold,
      `${lg.id} threshold`,
    );
  }
  out.reset = attempt(() => block(g.reset, lg.reset, table(g.reset.map((s) => s.value.ast))), lg.reset, `${lg.id} reset`);
  out.runRegularly = lg.runRegularly.map((rr, k) => {
    const code = g.runRegularly[k]?.code;
    return code
      ? { ...rr, statements: attempt(() => block(code, rr.statements, table(code.map((s) => s.value.ast))), rr.statements, `${lg.id} run_regularly`) }
      : rr;
  });
  out.events = lg.events.map((ev) => {
    const ir = g.events.find((e) => e.name === ev.name);
    if (!ir) return ev;
    const condition = attempt(() => generateExpression(ir.condition.ast, table([ir.condition.ast])), ev.condition, `${lg.id} event ${ev.name}`);
    const code = ir.code
      ? attempt(() => block(ir.code!, ev.code, table(ir.code!.map((s) => s.value.ast))), ev.code, `${lg.id} event ${ev.name} code`)
      : ev.code;
    return { ...ev, condition, code };
  });
  out.constantOverDt = attempt(
    () => {
      const eqs = lg.constantOverDt.map((s) => g.equations.find((e) => e.name === s.target)!);
      const stmts: BlockStatement[] = eqs.map((e) => ({ name: e.name, op: '=', value: e.expr!.ast }));
      const t = table();
      return replaceExprs(lg.constantOverDt, generateBlock(stmts, t, floatIn(t)));
    },
    lg.constantOverDt,
    `${lg.id} constant over dt`,
  );
  return out;
}

/** Brian2's statements of IR code, put into the lowered statements (same order, one for one). */
function block(code: StatementIR[], lowered: LStmt[], table: NameTable): LStmt[] {
  if (code.length !== lowered.length) throw new Unsupported('a block lowered into other statements');
  const stmts: BlockStatement[] = code.map((s) => ({ name: targetName(s), op: s.op, value: s.value.ast }));
  return replaceExprs(lowered, generateBlock(stmts, table, floatIn(table)));
}

/** The target as Brian2's code names it: as written where the value reads it, else suffixed by side. */
function targetName(s: StatementIR): string {
  const side = s.side === 'pre' || s.side === 'post' ? s.side : undefined;
  let found: string | null = null;
  const visit = (e: SExpr): void => {
    if (e.k === 'sym' && e.role === 'var' && e.name === s.target && e.side === side) found ??= writtenName(e);
    else if (e.k === 'bin' || e.k === 'cmp' || e.k === 'logic') {
      visit(e.a);
      visit(e.b);
    } else if (e.k === 'neg' || e.k === 'not') visit(e.a);
    else if (e.k === 'call') e.args.forEach(visit);
  };
  visit(s.value.ast);
  return found ?? (side ? `${s.target}_${side}` : s.target);
}

/**
 * New expressions (and operators) into lowered statements. A conditional write of group code (`where`
 * with op '=') holds `x op value` itself, as conditionalStatement builds it.
 */
function replaceExprs(lowered: LStmt[], generated: GeneratedStatement[]): LStmt[] {
  return lowered.map((s, k) => {
    const gen = generated[k]!;
    if (s.where && !s.side && s.op === '=') {
      if (gen.op === '=') return { ...s, expr: gen.expr };
      const target: SExpr = { k: 'sym', name: s.target, role: 'var' };
      return { ...s, expr: { k: 'bin', op: gen.op.slice(0, -1) as '+', a: target, b: gen.expr } };
    }
    return { ...s, op: gen.op, expr: gen.expr };
  });
}

/** The state update of an explicit method (euler, rk2, rk4) as Brian2 computes it, or null. */
function stateUpdate(
  g: { equations: EquationIR[]; refractory?: unknown },
  lowered: { method: { name: string } | null; update: LStmt[] },
  table: NameTable,
): LStmt[] | null {
  if (!lowered.method || !EXPLICIT_METHODS.includes(lowered.method.name)) return null;
  const refractory = 'refractory' in g && g.refractory !== null && g.refractory !== undefined;
  const eqs: B2Equation[] = g.equations
    .filter(
      (e) => e.expr && (e.kind === 'differential' || (e.kind === 'subexpression' && !e.flags.includes('constant over dt') && !e.flags.includes('summed'))),
    )
    .filter((e) => !e.flags.includes('event-driven'))
    .map((e) => ({
      name: e.name,
      kind: e.kind as B2Equation['kind'],
      expr: toPy(e.expr!.ast),
      integer: e.type === 'integer',
      unlessRefractory: refractory && e.flags.includes('unless refractory'),
    }));
  const b2 = explicitUpdate(lowered.method.name, eqs);
  const exprs = new Map<string, SExpr>();
  for (const s of b2) {
    const py = parsePy(s.code);
    if (!table.has(s.target)) table.temporary(s.target, annotateExpression(py, table));
    const node = table.variable(s.target)!.scalar ? annotateExpression(py, table) : optimiseExpression(py, table);
    exprs.set(s.target, table.toSExpr(node));
  }
  const ours = lowered.update.filter((s) => s.target !== 'not_refractory');
  if (ours.length !== exprs.size || !ours.every((s) => exprs.has(s.target))) return null;
  return lowered.update.map((s) => (exprs.has(s.target) ? { ...s, expr: exprs.get(s.target)! } : s));
}

// ------------------------------------------------------------------ Synapses

/** Names in a Synapses object's code: its variables, the pre- and postsynaptic ones, special names. */
function synapsesTable(
  ls: LSynapses,
  s: SynapsesIR,
  groups: Map<string, LGroup>,
  irGroups: Map<string, ModelIR['groups'][number]>,
  model: ModelIR,
  exprs: SExpr[],
): NameTable {
  const table = new NameTable();
  addVariables(table, ls.variables);
  for (const [n, dtype, scalar] of [
    ['t', 'float', true],
    ['dt', 'float', true],
    ['t_in_timesteps', 'integer', true],
    ['i', 'integer', false],
    ['j', 'integer', false],
    ['N', 'integer', true],
    ['N_pre', 'integer', true],
    ['N_post', 'integer', true],
    ['N_incoming', 'integer', false],
    ['N_outgoing', 'integer', false],
  ] as const) {
    table.set(n, special(n), dtype, scalar);
  }
  const vars = (ref: { group: string }) => {
    const g = groups.get(ref.group);
    return g?.kind === 'NeuronGroup' ? g.variables : [];
  };
  addVariables(table, vars(s.source), 'pre', '_pre');
  addVariables(table, vars(s.target), 'post', '_post');
  addVariables(table, vars(s.target), 'post');
  addSubexpressions(table, s.equations);
  // Subexpressions of the pre- and postsynaptic groups are Brian2 subexpressions of the synapses with
  // their names suffixed: not reproduced here.
  const groupSubexpressions = (ref: { group: string }) => {
    const g = irGroups.get(ref.group);
    return new Set(
      g && 'equations' in g ? g.equations.filter((e) => e.kind === 'subexpression' && !e.flags.includes('constant over dt')).map((e) => e.name) : [],
    );
  };
  const preSubs = groupSubexpressions(s.source);
  const postSubs = groupSubexpressions(s.target);
  const info = constantInfo(model);
  const check = (e: SExpr): void => {
    if (e.k === 'sym' && e.role === 'var' && ((e.side === 'pre' && preSubs.has(e.name)) || (e.side === 'post' && postSubs.has(e.name)))) {
      throw new Unsupported('a subexpression of the pre- or postsynaptic group');
    }
    if (e.k === 'bin' || e.k === 'cmp' || e.k === 'logic') {
      check(e.a);
      check(e.b);
    } else if (e.k === 'neg' || e.k === 'not') check(e.a);
    else if (e.k === 'call') e.args.forEach(check);
  };
  for (const e of [...exprs, ...s.equations.flatMap((q) => (q.expr ? [q.expr.ast] : []))]) {
    check(e);
    table.learn(e, info);
  }
  return table;
}

function synapsesOf(ls: LSynapses, s: SynapsesIR, groups: Map<string, LGroup>, irGroups: Map<string, ModelIR['groups'][number]>, model: ModelIR): LSynapses {
  const table = (exprs: SExpr[] = []) => synapsesTable(ls, s, groups, irGroups, model, exprs);
  const out: LSynapses = { ...ls };
  out.update = attempt(() => stateUpdate({ equations: s.equations }, ls, table()) ?? ls.update, ls.update, `${ls.id} state update`);
  out.pathways = ls.pathways.map((p) => {
    const ir = s.pathways.find((q) => q.name === p.name);
    if (!ir) return p;
    // The pathway's statements: event-driven updates, the code, lastupdate = t.
    const first = p.statements.length - ir.code.length - (s.hasLastupdate ? 1 : 0);
    const statements = attempt(
      () => {
        const code = block(ir.code, p.statements.slice(first, first + ir.code.length), table(ir.code.map((c) => c.value.ast)));
        return [...p.statements.slice(0, first), ...code, ...p.statements.slice(first + ir.code.length)];
      },
      p.statements,
      `${ls.id} ${p.name}`,
    );
    return { ...p, statements, vectorisation: vectorisationOf(statements) };
  });
  out.summed = ls.summed.map((sv) => {
    const eq = s.equations.find((e) => e.flags.includes('summed') && `${s.id}_summed_variable_${e.name}` === sv.name);
    return eq?.expr ? { ...sv, expr: attempt(() => generateExpression(eq.expr!.ast, table([eq.expr!.ast])), sv.expr, sv.name) } : sv;
  });
  return out;
}

// ------------------------------------------------------------------ string initialisations

/** `G.v = 'expr'`: Brian2's group_variable_set code, `v = expr` through make_statements and codegen. */
function action(a: LAction, model: ModelIR, groups: Map<string, LGroup>, irGroups: Map<string, ModelIR['groups'][number]>): LAction {
  if ((a.kind !== 'set' && a.kind !== 'set-synaptic') || a.value.kind !== 'expression') return a;
  const ir = model.program.find((x) => x.kind === 'set' && x.span.start === a.span.start && x.span.end === a.span.end && x.variable === a.variable);
  if (!ir || ir.kind !== 'set' || ir.value.kind !== 'expression') return a;
  const value = ir.value as Extract<ValueIR, { kind: 'expression' }>;
  if (a.kind !== 'set' || a.op) return a;
  return attempt(
    () => {
      const lg = groups.get(a.target.group);
      const g = irGroups.get(a.target.group);
      if (lg?.kind !== 'NeuronGroup' || g?.kind !== 'NeuronGroup') return a;
      const table = neuronTable(lg, g, model, [value.expr.ast]);
      const [gen] = generateBlock([{ name: a.variable, op: '=', value: value.expr.ast }], table, floatIn(table));
      if (!gen) return a;
      // The set action assigns the value: a += made by make_statements is written back as the full value.
      if (gen.op !== '=') {
        const target: SExpr = { k: 'sym', name: a.variable, role: 'var' };
        return { ...a, value: { kind: 'expression', expr: { k: 'bin', op: gen.op.slice(0, -1) as '+', a: target, b: gen.expr } } as LValue };
      }
      return { ...a, value: { kind: 'expression', expr: gen.expr } as LValue };
    },
    a,
    `initialisation of ${a.variable}`,
  );
}
