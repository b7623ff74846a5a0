// What the model's random numbers are, for choosing how a run is compared with Brian2 (verify): the cpu
// project draws from numpy's global generator what Brian2's numpy runtime draws, in its order (see
// docs/architecture.md, "The random stream"), so a script seeded before its first draw gives Brian2's
// numbers — unless one of its draw sites is one whose order Brian2 itself does not fix, or one the
// converter does not replay yet; those are listed, located, as the reasons.

import type { EvaluatedScript } from '../1-read/brian2/objects.js';
import type { Span } from '../diagnostics/source.js';
import { callsOf, symbols, type SExpr } from '../symbolic/expr.js';
import type { BuildContext } from './context.js';
import type { ActionIR, ExprIR, GroupIR, ModelIR, PoissonInputIR, RandomIR, StatementIR, SynapsesIR } from './ir.js';
import { hostCodeDraws } from './host-draws.js';

const DRAWING = new Set(['rand', 'randn', 'poisson']);

function drawsIn(e: SExpr | null | undefined): boolean {
  if (!e) return false;
  for (const c of callsOf(e)) if (DRAWING.has(c)) return true;
  for (const s of symbols(e).values()) if (s.role === 'noise') return true;
  return false;
}

const anyDraws = (es: (ExprIR | null | undefined)[]) => es.some((e) => drawsIn(e?.ast));
const statementsDraw = (ss: StatementIR[]) => ss.some((s) => drawsIn(s.value.ast));

/** Whether an action of the script draws numbers when it runs (before the next run()). */
function actionDraws(a: ActionIR): boolean {
  switch (a.kind) {
    case 'draw':
      return true;
    case 'set':
    case 'set-delay':
      return (a.value.kind === 'expression' && drawsIn(a.value.expr.ast)) || (a.index.kind === 'condition' && drawsIn(a.index.expr.ast));
    case 'connect': {
      const r = a.rule;
      if (r.kind === 'indices') return r.p !== 1;
      if (r.p && !(r.p.ast.k === 'num' && r.p.ast.v === 1)) return true;
      const g = r.generator;
      return (
        anyDraws([r.condition, r.n]) ||
        (!!g && (g.iterator.kind === 'sample' || anyDraws([g.element, g.condition, g.iterator.start, g.iterator.stop, g.iterator.step])))
      );
    }
    default:
      return false;
  }
}

/** Whether the model draws numbers at every step (noise, rand() in its code, Poisson inputs). */
function stepDraws(groups: GroupIR[], synapses: SynapsesIR[], inputs: PoissonInputIR[]): boolean {
  if (inputs.length) return true;
  for (const g of groups) {
    if (g.kind === 'PoissonGroup') return true;
    if (g.kind !== 'NeuronGroup' && g.kind !== 'SpatialNeuron') continue;
    if (anyDraws([...g.equations.map((e) => e.expr), g.threshold]) || statementsDraw(g.reset) || g.runRegularly.some((r) => statementsDraw(r.code)))
      return true;
    if (g.events.some((e) => anyDraws([e.condition]) || statementsDraw(e.code ?? []))) return true;
  }
  return synapses.some((s) => anyDraws(s.equations.map((e) => e.expr)) || s.pathways.some((p) => statementsDraw(p.code)));
}

/** Draw sites whose numbers the project cannot give in Brian2's order. */
function unreproducible(model: Pick<ModelIR, 'groups' | 'synapses' | 'program'>, script: EvaluatedScript, ctx: BuildContext): RandomIR['reasons'] {
  const reasons: RandomIR['reasons'] = [];
  const owners: { name: string; equations: { expr: ExprIR | null }[]; span: Span }[] = [
    ...model.groups.flatMap((g) =>
      g.kind === 'NeuronGroup' || g.kind === 'SpatialNeuron' ? [{ name: g.pyName ?? g.id, equations: g.equations, span: g.span }] : [],
    ),
    ...model.synapses.map((s) => ({ name: s.pyName ?? s.id, equations: s.equations, span: s.span })),
  ];
  for (const o of owners) {
    const noise = new Set<string>();
    for (const e of o.equations) if (e.expr) for (const s of symbols(e.expr.ast).values()) if (s.role === 'noise') noise.add(s.name);
    if (noise.size > 1) {
      reasons.push({
        message: `${o.name} has several noise terms (${[...noise].sort().join(', ')}): Brian2 draws them in the order of a Python set, which changes from one Python process to the next (PYTHONHASHSEED)`,
        span: o.span,
      });
    }
  }
  for (const a of model.program) {
    if (a.kind !== 'connect' || a.rule.kind !== 'rule') continue;
    const it = a.rule.generator?.iterator;
    const params = [a.rule.p, ...(it ? [it.start, it.stop, it.step, ...(it.kind === 'sample' ? [it.p, it.size] : [])] : [])];
    if (anyDraws(params)) {
      reasons.push({
        message:
          'rand() in a connection probability or in the bounds of a generator: Brian2 draws it with a vector size left over from the previous outer index',
        span: a.span,
      });
    }
  }
  return reasons;
}

export function randomInfo(
  model: Pick<ModelIR, 'groups' | 'synapses' | 'poissonInputs' | 'program' | 'networkOperations' | 'hostFunctions'>,
  script: EvaluatedScript,
  ctx: BuildContext,
): RandomIR {
  // numpy.random in a network operation (or a function it calls) draws in the operation's slot of a step.
  const operationsDraw = model.networkOperations.some((op) => hostCodeDraws(op.body)) || model.hostFunctions.some((f) => hostCodeDraws(f.body));
  const perStep = operationsDraw || stepDraws(model.groups, model.synapses, model.poissonInputs);
  // Walk the program as numpy's generator sees it: seeded, never seeded, or reseeded from entropy.
  let state: 'unseeded' | 'seeded' | 'entropy' = 'unseeded';
  let draws = false;
  let seeded = true;
  const reasons: RandomIR['reasons'] = [];
  for (const a of model.program) {
    if (a.kind === 'seed') {
      state = a.seed === null ? 'entropy' : 'seeded';
      continue;
    }
    if (!(actionDraws(a) || (a.kind === 'run' && perStep))) continue;
    draws = true;
    if (state !== 'seeded' && seeded) {
      seeded = false;
      reasons.push({
        message:
          state === 'unseeded'
            ? 'random numbers are drawn here before any seed(n): Brian2 starts from fresh entropy'
            : 'random numbers are drawn here after seed() without a number (fresh entropy)',
        span: a.span,
      });
    }
  }
  if (!draws) seeded = false;
  const others = unreproducible(model, script, ctx);
  const reproducible = others.length === 0;
  return { draws, seeded, reproducible, exact: !draws || (seeded && reproducible), reasons: draws ? [...reasons, ...others] : [] };
}
