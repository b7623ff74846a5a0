// Lowering of input objects: PoissonGroup and SpikeGeneratorGroup keep their data (the generated project
// draws and bins spikes), PoissonInput gets Brian2's choice between binomial and normal draws.

import type { ModelIR, PoissonGroupIR, PoissonInputIR, SpikeGeneratorGroupIR } from '../2-model/ir.js';
import { simplify } from '../symbolic/simplify.js';
import type { Dim } from '../units/dimension.js';
import type { LGroup, LPoissonGroup, LPoissonInput, LSpikeGeneratorGroup, LValue, LVar } from './lowered.js';
import { substituteSubexpressions } from './system.js';
import { dtInRunsOf } from './clocks.js';

export function lowerPoissonGroup(g: PoissonGroupIR, dt: number): LPoissonGroup {
  const r = g.rates;
  const rates: LValue =
    r.kind === 'expression'
      ? { kind: 'expression', expr: simplify(r.expr.ast) }
      : r.kind === 'array'
        ? { kind: 'array', values: r.values }
        : r.kind === 'computed'
          ? { kind: 'computed', node: r.node, shape: r.shape }
          : { kind: 'scalar', value: r.value };
  const variables: LVar[] = r.kind === 'expression' ? [] : [{ name: 'rates', dtype: 'float', shared: false, initial: 0, dim: HERTZ, origin: 'parameter' }];
  const runRegularly = g.runRegularly.map((rr) => ({
    statements: rr.code.map((s) => ({ target: s.target, op: s.op, expr: s.value.ast })),
    clock: rr.clock,
    when: rr.when,
  }));
  return { kind: 'PoissonGroup', id: g.id, pyName: g.pyName, n: g.n, clock: g.clock, rates, variables, runRegularly, span: g.span };
}

const HERTZ: Dim = [0, 0, -1, 0, 0, 0, 0];

export function lowerSpikeGeneratorGroup(g: SpikeGeneratorGroupIR): LSpikeGeneratorGroup {
  return {
    kind: 'SpikeGeneratorGroup',
    id: g.id,
    pyName: g.pyName,
    n: g.n,
    clock: g.clock,
    indices: g.indices,
    times: g.times,
    period: g.period,
    ...(g.computed ? { computed: g.computed } : {}),
    span: g.span,
  };
}

/**
 * Brian2's BinomialFunction (numpy target): binomial(n, p) samples, or normal(n·p, sqrt(n·p·(1−p)))
 * ones when n·p > 5 and n·(1−p) > 5.
 */
export function poissonInputDraw(n: number, p: number): LPoissonInput['draw'] {
  if (n * p > 5 && n * (1 - p) > 5) return { kind: 'normal', loc: n * p, scale: Math.sqrt(n * p * (1 - p)) };
  return { kind: 'binomial', n, p };
}

export function lowerPoissonInput(p: PoissonInputIR, model: ModelIR, groups: Map<string, LGroup>): LPoissonInput {
  const g = groups.get(p.target.group);
  // Brian2's binomial p = rate·dt with the target's dt when the PoissonInput is made (2-model refuses a later change).
  const clock = g?.clock ?? 'defaultclock';
  const subs = new Map<string, import('../symbolic/expr.js').SExpr>();
  if (g && g.kind === 'NeuronGroup') for (const [k, v] of Object.entries(g.subexpressions)) if (!(v.expr.k === 'sym' && v.expr.name === k)) subs.set(k, v.expr);
  return {
    id: p.id,
    pyName: p.pyName,
    clock,
    target: p.target,
    variable: p.variable,
    draw: poissonInputDraw(p.n, p.rate * dtInRunsOf(model, clock, p.id)),
    weight: simplify(substituteSubexpressions(p.weight.ast, subs)),
    conditional: g?.kind === 'NeuronGroup' && g.conditionalWrite.includes(p.variable),
    span: p.span,
  };
}
