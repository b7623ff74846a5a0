// Lowering of a Synapses object as Brian2 builds its code objects: the clock-driven state update (groups
// slot), each pathway's statements (event-driven updates over t - lastupdate, the on_pre/on_post code,
// lastupdate = t) with the way Brian2's numpy target vectorises them, and the summed variables.

import type { EquationIR, GroupRef, ModelIR, SynapsesIR } from '../2-model/ir.js';
import { CompileError, diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';
import { hasSymbol, mapChildren, type SExpr, sym, symbols, substitute } from '../symbolic/expr.js';
import { simplify } from '../symbolic/simplify.js';
import { Unsupported } from './integrators/integrator.js';
import { chooseIntegrator, INTEGRATORS } from './integrators/registry.js';
import type { LGroup, LPathway, LStmt, LSummed, LSynapses, LVar, LVectorisation } from './lowered.js';
import { buildSystem, locallyConstantIn, substituteSubexpressions, SystemError, type OdeSystem } from './system.js';
import { isLinked, linkedVar } from './links.js';

const T = sym('t', 'special');

function fail(span: Span, code: 'method-refused' | 'unsupported', params: Record<string, string>): never {
  throw new CompileError(diagnostic(code, span, params));
}

/**
 * A group's expression seen from synapses: its variables get the side, its `i`/`N` become i/j, N_pre/N_post.
 * Synapses on synapses: the other synapses' i, j and N are their variables, read with the side too.
 */
function tagSide(e: SExpr, side: 'pre' | 'post', synapses = false): SExpr {
  if (e.k === 'sym') {
    if (e.role === 'var' && !e.side) return sym(e.name, 'var', side);
    if (synapses && e.role === 'special' && ['i', 'j', 'N'].includes(e.name)) return sym(e.name, 'var', side);
    if (e.role === 'special' && e.name === 'i') return sym(side === 'pre' ? 'i' : 'j', 'special');
    if (e.role === 'special' && e.name === 'N') return sym(side === 'pre' ? 'N_pre' : 'N_post', 'special');
    return e;
  }
  return mapChildren(e, (c) => tagSide(c, side, synapses));
}

/**
 * Replace references to subexpressions of the source/target group (`I_post` where I is a subexpression
 * of the target) by their definitions, as Brian2 evaluates them through its variable references.
 */
export function substituteGroupSubexpressions(
  e: SExpr,
  groups: Map<string, LGroup | LSynapses>,
  refs: { source: GroupRef; target: GroupRef },
  span: Span | null = null,
): SExpr {
  const go = (x: SExpr): SExpr => {
    if (x.k === 'sym') {
      if (x.role !== 'var' || !x.side) return x;
      const g = groups.get(x.side === 'pre' ? refs.source.group : refs.target.group);
      const sub = g && (g.kind === 'NeuronGroup' || g.kind === 'Synapses') ? g.subexpressions[x.name] : undefined;
      if (!sub || (sub.expr.k === 'sym' && sub.expr.name === x.name)) return x;
      if (g?.kind === 'Synapses' && hasSymbol(sub.expr, (y) => !!y.side)) {
        // Brian2 resolves the subexpression's names in these synapses, where `v_post_pre` does not exist.
        throw new CompileError(
          diagnostic('code-error', span, {
            detail: `the identifier '${x.name}_${x.side}' could not be resolved: the subexpression '${x.name}' of ${g.pyName ?? g.id} reads values of its neurons, which synapses on synapses cannot reach (Brian2's KeyError)`,
            hint: `make '${x.name}' a variable of ${g.pyName ?? g.id} and set it in its code`,
          }),
        );
      }
      if (g?.kind === 'Synapses' && hasSymbol(sub.expr, (y) => y.role === 'special' && !['t', 'dt', 't_in_timesteps', 'i', 'j', 'N'].includes(y.name))) {
        throw new CompileError(
          diagnostic('unsupported', span, {
            what: `reading '${x.name}_${x.side}', a subexpression of ${g.pyName ?? g.id} that reads its N_pre, N_post, N_incoming or N_outgoing, from other synapses`,
            hint: `write the expression out in these synapses' code`,
          }),
        );
      }
      return tagSide(sub.expr, x.side, g?.kind === 'Synapses');
    }
    return mapChildren(x, go);
  };
  return go(e);
}

/** The system split into groups of variables that do not depend on each other (in the order of `vars`). */
export function independentParts(sys: OdeSystem): OdeSystem[] {
  const parent = new Map(sys.vars.map((v) => [v, v]));
  const find = (v: string): string => (parent.get(v) === v ? v : find(parent.get(v)!));
  for (const v of sys.vars) {
    for (const x of symbols(sys.f[v]!).values()) {
      if (x.role === 'var' && !x.side && parent.has(x.name)) parent.set(find(x.name), find(v));
    }
  }
  const parts = new Map<string, string[]>();
  for (const v of sys.vars) {
    const root = find(v);
    if (!parts.has(root)) parts.set(root, []);
    parts.get(root)!.push(v);
  }
  return [...parts.values()].map((vars) => ({
    ...sys,
    vars,
    f: Object.fromEntries(vars.map((v) => [v, sys.f[v]!])),
    g: Object.fromEntries(vars.map((v) => [v, sys.g[v] ?? {}])),
    unlessRefractory: new Set([...sys.unlessRefractory].filter((v) => vars.includes(v))),
  }));
}

/** Brian2's numpy vectorisation of pathway code (see LVectorisation). */
export function vectorisationOf(stmts: LStmt[]): LVectorisation {
  if (!stmts.some((s) => s.side)) return 'together';
  const used = new Set<string>();
  for (const s of stmts) {
    for (const [key, x] of symbols(s.expr)) {
      if (x.side || (x.role === 'special' && (x.name === 'N_incoming' || x.name === 'N_outgoing'))) used.add(key);
    }
    if (!s.side) continue;
    if (used.has(`${s.target}_${s.side}`)) return 'per-synapse';
    if (!['=', '+=', '-=', '*=', '/='].includes(s.op)) return 'per-synapse';
  }
  return 'per-statement';
}

function isEventDriven(e: EquationIR): boolean {
  return e.kind === 'differential' && e.flags.includes('event-driven');
}

export function lowerSynapses(s: SynapsesIR, groups: Map<string, LGroup | LSynapses>, model: ModelIR): LSynapses {
  const refs = { source: s.source, target: s.target };
  // Group subexpressions first, then the synapses' own (summed variables are not subexpressions of it).
  const eqs: EquationIR[] = s.equations.map((e) =>
    e.expr ? { ...e, expr: { ...e.expr, ast: substituteGroupSubexpressions(e.expr.ast, groups, refs, e.expr.span) } } : e,
  );
  const own = eqs.filter((e) => e.kind === 'subexpression' && !e.flags.includes('summed'));
  const subs = new Map(own.map((e) => [e.name, e.expr!.ast]));
  const lowerExpr = (e: SExpr) => simplify(substituteSubexpressions(substituteGroupSubexpressions(e, groups, refs, s.span), subs));

  const variables: LVar[] = [];
  for (const e of eqs) {
    if (e.kind === 'subexpression') continue;
    if (isLinked(e)) {
      variables.push(linkedVar(e, s.links, model));
      continue;
    }
    variables.push({
      name: e.name,
      dtype: e.type === 'boolean' ? 'bool' : e.type === 'integer' ? 'int' : 'float',
      shared: e.flags.includes('shared'),
      initial: 0,
      dim: e.dim,
      origin: e.kind,
    });
  }
  if (s.hasLastupdate) variables.push({ name: 'lastupdate', dtype: 'float', shared: false, initial: 0, dim: [0, 0, 1, 0, 0, 0, 0], origin: 'internal' });

  // ---- clock-driven state update
  const written = new Set<string>();
  for (const p of s.pathways) for (const st of p.code) if (st.side === 'syn') written.add(st.target);
  // Synapses on these synapses write their variables too.
  for (const v of writtenBySynapses(model).get(s.id) ?? []) written.add(v);
  for (const e of eqs) if (isLinked(e)) written.add(e.name);
  const clockEqs = eqs.filter((e) => !isEventDriven(e) && !e.flags.includes('summed'));
  const diffNames = new Set(eqs.filter((e) => e.kind === 'differential').map((e) => e.name));
  const methodSpan = s.method?.span ?? s.span;
  let update: LStmt[] = [];
  let hoisted: LSynapses['hoisted'] = [];
  let method: LSynapses['method'] = null;
  if (clockEqs.some((e) => e.kind === 'differential')) {
    let system: ReturnType<typeof buildSystem>;
    try {
      system = buildSystem(clockEqs, { locallyConstant: locallyConstantIn(model, s.clock) });
    } catch (e) {
      if (e instanceof SystemError)
        fail(s.span, 'method-refused', { method: s.method?.name ?? 'default (exact, euler, heun)', reason: e.message, hint: 'rewrite the equations' });
      throw e;
    }
    const choice = chooseIntegrator(system, s.method?.candidates ?? s.method?.name ?? null);
    if (!choice.ok)
      fail(methodSpan, 'method-refused', {
        method: s.method?.name ?? 'default (exact, euler, heun)',
        reason: choice.reason,
        hint: s.method ? "choose another method, e.g. method='euler'" : 'give method= explicitly',
      });
    const names = new Set<string>();
    try {
      const integration = choice.integrator.integrate(system, {
        isSegmentConstant: (e) =>
          !symbols(e).size ||
          ![...symbols(e).values()].some((x) => {
            if (x.role === 'const' || x.role === 'temp') return false;
            if (x.role === 'special') return x.name !== 'dt';
            return !!x.side || diffNames.has(x.name) || written.has(x.name) || x.name === 'lastupdate';
          }),
        hoistName: (base) => {
          let n = base;
          for (let k = 1; names.has(n); k++) n = `${base}_${k}`;
          names.add(n);
          return n;
        },
      });
      update = integration.statements.map((st) => ({ ...st, expr: simplify(st.expr) }));
      hoisted = integration.hoisted.map((h) => (h.kind === 'assign' ? { ...h, expr: simplify(h.expr) } : h));
    } catch (e) {
      if (e instanceof Unsupported)
        fail(methodSpan, 'unsupported', { what: e.message, hint: "use method='euler' or another explicit method for these synapses" });
      throw e;
    }
    method = { name: choice.integrator.name, reason: choice.reason, span: s.method?.span ?? null };
  }

  // ---- event-driven updates: Brian2 solves them with the exact (linear) method over t - lastupdate
  const eventEqs = eqs.filter((e) => isEventDriven(e) || (e.kind !== 'differential' && !e.flags.includes('summed')));
  let eventUpdate: LStmt[] = [];
  if (eqs.some(isEventDriven)) {
    const span = eqs.find(isEventDriven)!.span;
    const refuse = (reason: string): never =>
      fail(span, 'unsupported', {
        what: `these event-driven equations (${reason})`,
        hint: 'Brian2 solves event-driven equations exactly; use (clock-driven) instead',
      });
    let system: ReturnType<typeof buildSystem>;
    try {
      system = buildSystem(eventEqs, { locallyConstant: locallyConstantIn(model, s.clock) });
    } catch (e) {
      if (e instanceof SystemError) refuse(e.message);
      throw e;
    }
    try {
      // Brian2 solves the whole system at once; independent parts (each variable decaying on its own,
      // as traces do) have the same solution when solved one by one.
      const temps: LStmt[] = [];
      const commits: LStmt[] = [];
      for (const part of independentParts(system)) {
        const why = INTEGRATORS.exact!.refuse(part);
        if (why) refuse(why);
        const integration = INTEGRATORS.exact!.integrate(part, { isSegmentConstant: () => false, hoistName: (b) => b });
        for (const st of integration.statements) (st.target.startsWith('_') ? temps : commits).push(st);
      }
      const elapsed: SExpr = { k: 'bin', op: '-', a: T, b: sym('lastupdate') };
      eventUpdate = [...temps, ...commits].map((st) => ({ ...st, expr: simplify(substitute(st.expr, { dt: elapsed })) }));
    } catch (e) {
      if (e instanceof Unsupported) refuse(e.message);
      throw e;
    }
  }

  const pathways: LPathway[] = s.pathways.map((p) => {
    const statements: LStmt[] = [...eventUpdate];
    for (const st of p.code) {
      const l: LStmt = { target: st.target, op: st.op, expr: lowerExpr(st.value.ast) };
      if (st.side === 'pre' || st.side === 'post') {
        l.side = st.side;
        // Brian2's conditional write: `(unless refractory)` variables change only where not_refractory.
        const g = groups.get(st.side === 'pre' ? s.source.group : s.target.group);
        if (g?.kind === 'NeuronGroup' && g.conditionalWrite.includes(st.target)) l.where = sym('not_refractory', 'var', st.side);
      }
      statements.push(l);
    }
    if (s.hasLastupdate) statements.push({ target: 'lastupdate', op: '=', expr: T });
    return { name: p.name, trigger: p.trigger, event: p.event, statements, vectorisation: vectorisationOf(statements), delay: p.delay, span: p.span };
  });

  const summed: LSummed[] = eqs
    .filter((e) => e.flags.includes('summed'))
    .map((e) => {
      const side = e.name.endsWith('_pre') ? 'pre' : 'post';
      const moved = s.summedSchedule?.[e.name];
      const schedule = moved ? { when: moved.when, ...(moved.order !== null ? { order: moved.order } : {}) } : {};
      return {
        name: `${s.id}_summed_variable_${e.name}`,
        side,
        target: side === 'pre' ? s.source : s.target,
        variable: e.name.slice(0, side === 'pre' ? -4 : -5),
        expr: lowerExpr(e.expr!.ast),
        ...schedule,
      };
    });

  const subexpressions: LSynapses['subexpressions'] = {};
  for (const e of own) subexpressions[e.name] = { expr: lowerExpr(e.expr!.ast), dim: e.dim, shared: e.flags.includes('shared') };
  return {
    kind: 'Synapses',
    id: s.id,
    pyName: s.pyName,
    clock: s.clock,
    source: s.source,
    target: s.target,
    variables,
    subexpressions,
    hoisted,
    update,
    method,
    pathways,
    summed,
    span: s.span,
  };
}

/** Variables of each group that synapses, summed variables or Poisson inputs write (not constant during a segment). */
export function writtenBySynapses(model: ModelIR): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (group: string, v: string) => {
    if (!out.has(group)) out.set(group, new Set());
    out.get(group)!.add(v);
  };
  for (const s of model.synapses) {
    for (const p of s.pathways)
      for (const st of p.code) if (st.side === 'pre' || st.side === 'post') add(st.side === 'pre' ? s.source.group : s.target.group, st.target);
    for (const e of s.equations) {
      if (!e.flags.includes('summed')) continue;
      const pre = e.name.endsWith('_pre');
      add(pre ? s.source.group : s.target.group, e.name.slice(0, pre ? -4 : -5));
    }
  }
  for (const p of model.poissonInputs) add(p.target.group, p.variable);
  return out;
}
