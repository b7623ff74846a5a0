// One NeuronGroup → a neuron program in integers: registers with formats from the range analysis,
// update statements as polynomials compiled to integer code, refractoriness as a step counter,
// threshold and reset as integer comparisons and assignments, and what the monitors record.

import type { LMonitor, LNeuronGroup, LoweredModel, LStmt } from '../../../3-lower/lowered.js';
import { printExpr } from '../../../symbolic/print.js';
import { type SExpr, symbols } from '../../../symbolic/expr.js';
import { formatDim, type Dim } from '../../../units/dimension.js';
import { compilePoly, type PolyEnv } from './compile-poly.js';
import type { FxExpr, FxGroup, FxInput, FxRecorded, FxRegister, FxSet, FxStmt, FxSummed, Interval, QuantConstant, QuantError, QuantVariable } from './fixed.js';
import { hull, maxAbs, ofValues, ofVec, point, polyRange } from './interval.js';
import { STATE_MAX } from './limits.js';
import { addPoly, constPoly, expand, NotPolynomial, type Poly, vat, vcollapse, vvalues, type Vec } from './poly.js';
import type { StaticSegment } from './program.js';
import { exponentFor, toInt } from './quantize.js';
import { analyseRanges, substituteFactor } from './ranges.js';
import { type Functions, GroupStatics, TimeFactors } from './statics.js';
import { activationRange, inputBounds, pairWeights, payloadShift, portsFor, projectionWeights, type ProjectionSpec } from './synapses.js';
import type { SummedSpec } from './summed.js';
import { TableBank } from './tables.js';

/** A refusal inside one group, reported at the group's line by the caller. */
export class GroupRefusal extends Error {
  constructor(
    readonly detail: string,
    readonly hint: string,
  ) {
    super(detail);
  }
}

export interface CompiledGroup {
  group: FxGroup;
  /** Per segment: values to write before it starts. */
  sets: FxSet[][];
  variables: QuantVariable[];
  constants: QuantConstant[];
  errors: QuantError[];
  saturation: string[];
  /** Largest decay factor of each state (linear contracting dynamics), for error estimates. */
  decay: Map<string, number | null>;
  /** The group as a leaky integrator with threshold and reset (for Lava's LIF), or why it is not one. */
  lif: LifShape | { why: string };
  /** A product of state variables in the update (the dynamics are non-linear: no proven error bound), or null. */
  nonlinear: string | null;
}

/** x' = a·x + b, spike when x > theta (or >=), then x = reset: what Lava's LIF computes. */
export interface LifShape {
  variable: string;
  a: number;
  /** Per neuron. */
  b: number[];
  op: '>' | '>=';
  theta: number;
  reset: number;
  initial: number[];
  range: Interval;
}

const REFRACTORY_COUNTER = '_refractory_left';
const DIMLESS: Dim = [0, 0, 0, 0, 0, 0, 0];

/** `not_refractory = timestep(t - lastspike, dt) >= timestep(REF, dt)`: REF, or null. */
function timeRefractory(s: LStmt): SExpr | null {
  const e = s.expr;
  if (s.target !== 'not_refractory' || e.k !== 'cmp' || e.op !== '>=') return null;
  const { a, b } = e;
  if (a.k !== 'call' || a.fn !== 'timestep' || b.k !== 'call' || b.fn !== 'timestep') return null;
  const d = a.args[0];
  if (!d || d.k !== 'bin' || d.op !== '-' || d.a.k !== 'sym' || d.a.name !== 't' || d.b.k !== 'sym' || d.b.name !== 'lastspike') return null;
  return b.args[0] ?? null;
}

/** Reset and update statements in the `x = expr` form. */
function assignForm(s: LStmt): SExpr {
  const x: SExpr = { k: 'sym', name: s.target, role: s.target.startsWith('_') ? 'temp' : 'var' };
  switch (s.op) {
    case '=':
      return s.expr;
    case '+=':
      return { k: 'bin', op: '+', a: x, b: s.expr };
    case '-=':
      return { k: 'bin', op: '-', a: x, b: s.expr };
    case '*=':
      return { k: 'bin', op: '*', a: x, b: s.expr };
    case '/=':
      return { k: 'bin', op: '/', a: x, b: s.expr };
    default:
      throw new GroupRefusal(`the assignment '${s.target} ${s.op} ...' has no fixed-point form`, 'use --backend cpu');
  }
}

export interface GroupInputs {
  g: LNeuronGroup;
  model: LoweredModel;
  segments: StaticSegment[];
  functions: Functions;
  monitors: LMonitor[];
  /** Projections whose target is this group. */
  synaptic: ProjectionSpec[];
  /** Summed variables of this group (their graded projections are among `synaptic`). */
  summed: SummedSpec[];
  /** Format and range of a register of an already compiled group (sources of graded spikes). */
  sourceFormat: (group: string, register: string) => SourceFormat | null;
}

export interface SourceFormat {
  exp: number;
  offset: number;
  range: Interval;
}

export function compileGroup({ g, model, segments, functions, monitors, synaptic, summed, sourceFormat }: GroupInputs): CompiledGroup {
  if (g.runRegularly.length) throw new GroupRefusal('run_regularly() code is not supported by the Loihi 2 backend', 'use --backend cpu');
  const vars = new Map(g.variables.map((v) => [v.name, v]));
  const hoistedNames = new Set(g.hoisted.flatMap((h) => (h.kind === 'assign' ? [h.name] : [...h.A.flat(), ...h.Phi.flat()])));

  // ---- registers
  const flags = new Set<string>(vars.has('not_refractory') ? ['not_refractory'] : []);
  const states: string[] = g.variables.filter((v) => v.origin === 'differential').map((v) => v.name);
  const temps: string[] = [];
  for (const s of [...g.update, ...g.reset]) {
    if (s.target === 'not_refractory' || s.target === 'lastspike') continue;
    if (s.target.startsWith('_')) {
      if (!temps.includes(s.target) && !hoistedNames.has(s.target)) temps.push(s.target);
    } else if (!states.includes(s.target)) states.push(s.target);
  }
  for (const s of g.onSpike) {
    if (s.target !== 'not_refractory' && s.target !== 'lastspike')
      throw new GroupRefusal(`spike code writing '${s.target}' is not supported by the Loihi 2 backend`, 'use --backend cpu');
  }
  const ports = portsFor(synaptic);
  for (const p of ports) {
    if (p.conditional && !flags.has('not_refractory'))
      throw new GroupRefusal(`synapses write '${p.target}' only where not_refractory, but the group has no refractoriness`, 'use --backend cpu');
    if (!vars.has(p.target)) throw new GroupRefusal(`synapses write '${p.target}', which is not a variable of the group`, 'check the on_pre code');
    if (!states.includes(p.target)) states.push(p.target);
  }
  for (const sp of summed) {
    if (!vars.has(sp.variable))
      throw new GroupRefusal(`a summed variable writes '${sp.variable}', which is not a variable of the group`, 'check the Synapses equations');
    if (ports.some((p) => p.target === sp.variable && p.mode === 'add'))
      throw new GroupRefusal(`'${sp.variable}' is both a summed variable and the target of on_pre code`, 'use --backend cpu');
    if (!states.includes(sp.variable)) states.push(sp.variable);
  }
  for (const v of states)
    if (vars.get(v)?.shared)
      throw new GroupRefusal(
        `the shared variable '${v}' changes during the run; the Loihi 2 backend keeps state per neuron`,
        'remove (shared) or use --backend cpu',
      );
  const registers = new Set<string>([...states, ...temps, ...flags]);
  const time = new TimeFactors();
  const statics = segments.map((seg) => new GroupStatics(g, seg, model, functions, registers, flags, time));
  for (const s of g.constantOverDt) {
    const uses = [...symbols(s.expr).values()].filter((x) => x.role === 'var' && registers.has(x.name)).map((x) => x.name);
    if (uses.length)
      throw new GroupRefusal(
        `the (constant over dt) subexpression '${s.target}' depends on the state (${uses.join(', ')}); the host can stream only functions of time`,
        'use --backend cpu',
      );
  }
  const ctxs = statics.map((st) => st.expandContext());
  const expandAll = (e: SExpr, what: string): Poly[] =>
    ctxs.map((c) => {
      try {
        return expand(e, c);
      } catch (err) {
        if (err instanceof NotPolynomial)
          throw new GroupRefusal(`${what}: '${printExpr(err.term)}' cannot be represented on Loihi 2 (${err.why})`, 'use --backend cpu');
        throw err;
      }
    });

  // ---- refractoriness
  let refractorySteps: Vec[] | null = null;
  const updates: { target: string; polys: Poly[]; where: SExpr | null }[] = [];
  const boolUpdates: { target: string; expr: SExpr }[] = [];
  for (const s of g.update) {
    if (s.target === 'not_refractory') {
      const ref = timeRefractory(s);
      if (ref) {
        refractorySteps = statics.map((st) => {
          const v = st.evaluateStatic(ref);
          const dt = model.dt;
          return typeof v === 'number' ? Math.trunc((v + 1e-3 * dt) / dt) : v.map((x) => Math.trunc((x + 1e-3 * dt) / dt));
        });
      } else boolUpdates.push({ target: s.target, expr: s.expr });
      continue;
    }
    if (s.target === 'lastspike') throw new GroupRefusal('code writing lastspike is not supported by the Loihi 2 backend', 'use --backend cpu');
    updates.push({ target: s.target, polys: expandAll(assignForm(s), `the update of ${s.target}`), where: s.where ?? null });
  }
  const resets = g.reset.map((s) => ({ target: s.target, polys: expandAll(assignForm(s), `the reset of ${s.target}`) }));

  // ---- time factors: their values at every step (host input streams)
  const segmentOfStep = (step: number) => {
    let k = 0;
    while (k + 1 < segments.length && segments[k + 1]!.startStep <= step) k++;
    return k;
  };
  const timeCache = new Map<string, Vec[]>();
  const timeValue = (name: string, step: number): Vec => {
    let arr = timeCache.get(name);
    if (!arr) {
      arr = [];
      const e = time.expr(name);
      for (let st = 0; st < model.totalSteps; st++) arr.push(statics[segmentOfStep(st)]!.timeValue(e, st));
      timeCache.set(name, arr);
    }
    return arr[step]!;
  };
  const timeRange = (name: string): Interval => {
    const vals = Array.from({ length: model.totalSteps }, (_, st) => timeValue(name, st));
    return vals.length ? ofValues(vals.flatMap(vvalues)) : point(0);
  };

  // ---- threshold facts for the range analysis
  const thresholds = new Map<string, Interval>();
  const gates: { x: string; y: string }[] = [];
  const thresholdPolys = new Map<SExpr, Poly[]>();
  const visitThreshold = (e: SExpr) => {
    if (e.k === 'logic') {
      visitThreshold(e.a);
      visitThreshold(e.b);
      return;
    }
    if (e.k !== 'cmp') return;
    const a = e.a;
    const b = e.b;
    const isReg = (x: SExpr) => x.k === 'sym' && registers.has(x.name) && !flags.has(x.name);
    if (isReg(a) && isReg(b)) {
      const an = (a as { name: string }).name;
      const bn = (b as { name: string }).name;
      if (e.op === '>' || e.op === '>=') gates.push({ x: bn, y: an });
      if (e.op === '<' || e.op === '<=') gates.push({ x: an, y: bn });
      return;
    }
    const polys = expandAll({ k: 'bin', op: '-', a, b }, 'the threshold');
    thresholdPolys.set(e, polys);
    for (const p of polys) {
      const regs = [...p.values()].flatMap((m) => m.factors.map(([f]) => f)).filter((f) => registers.has(f));
      if (regs.length !== 1) continue;
      const x = regs[0]!;
      const m = p.get(x);
      if (!m) continue;
      const rest = addPoly(p, new Map([[x, m]]), -1);
      const c = rest.get('')?.coef ?? 0;
      const vals = vvalues(m.coef).length === 1 ? vvalues(c).map((cv) => -cv / vat(m.coef, 0)) : vvalues(c).map((cv, k) => -cv / vat(m.coef, k));
      thresholds.set(x, hull(thresholds.get(x), ofValues(vals)));
    }
  };
  if (g.threshold) visitThreshold(g.threshold);

  // ---- initial values
  const initial = new Map<string, Interval>();
  segments.forEach((seg, k) => {
    for (const x of states) {
      const idx = seg.assigned.get(g.id)?.get(x);
      if (k > 0 && !idx) continue;
      const v = seg.values.get(g.id)!.get(x)!;
      initial.set(x, hull(initial.get(x), k === 0 || v.length === 1 ? ofVec(v) : ofValues([...idx!].map((i) => v[i]!))));
    }
  });

  // ---- ranges and formats (a summed variable and the states it is computed from bound each other: iterate)
  const adding = synaptic.filter((s) => s.mode === 'add');
  const summedRanges = new Map<string, Interval>();
  let ranged!: ReturnType<typeof analyseRanges>;
  for (let pass = 0; ; pass++) {
    const withSummed = new Map(initial);
    for (const [x, r] of summedRanges) withSummed.set(x, hull(withSummed.get(x), r));
    ranged = analyseRanges({
      states,
      flags,
      steps: segments.map((_, k) => updates.map((u) => ({ target: u.target, poly: u.polys[k]! }))),
      resets: segments.map((_, k) => resets.map((r) => ({ target: r.target, poly: r.polys[k]! }))),
      initial: withSummed,
      thresholds,
      gates,
      timeRange,
      inputs: inputBounds(adding, g.n),
      clipAbove: clipAbove(),
      n: g.n,
    });
    let grown = false;
    for (const sp of summed) {
      const b = summedBound(sp, (x) => ranged.get(x)?.range ?? rangeOfStatic(x));
      const prev = summedRanges.get(sp.variable);
      if (!prev || b.lo < prev.lo || b.hi > prev.hi) {
        summedRanges.set(sp.variable, hull(prev, b));
        grown = true;
      }
    }
    if (!grown) break;
    if (pass === 8)
      throw new GroupRefusal(
        `the summed variables (${summed.map((sp) => sp.variable).join(', ')}) and the states they are computed from have no bounded range`,
        'use --backend cpu',
      );
  }
  const ranges = new Map<string, Interval>();
  const before = new Map<string, Interval>();
  const bounds = new Map<string, FxRegister['bound']>();
  const why = new Map<string, string[]>();
  for (const [x, r] of ranged) {
    ranges.set(x, r.range);
    before.set(x, r.before);
    bounds.set(x, r.bound);
    why.set(x, r.why);
  }
  const rangeOf = (f: string): Interval => (flags.has(f) ? { lo: 0, hi: 1 } : time.isTimeFactor(f) ? timeRange(f) : (ranges.get(f) ?? point(0)));
  // Temporaries are computed from the values an update starts from.
  const temp = new Map<string, Interval>();
  const startOf = (f: string): Interval => temp.get(f) ?? before.get(f) ?? rangeOf(f);
  for (const u of updates) {
    if (!temps.includes(u.target)) continue;
    const r = hull(...u.polys.map((p) => polyRange(p, startOf)));
    temp.set(u.target, r);
    const base = u.target.slice(1);
    // A temporary that becomes a state (`_v` → v) shares the state's format.
    const copyOf = updates.some((w) => w.target === base && w.polys.every((p) => p.size === 1 && p.get(u.target)?.coef === 1));
    ranges.set(u.target, copyOf ? hull(r, ranges.get(base)) : r);
    bounds.set(u.target, copyOf ? bounds.get(base)! : 'proven');
    why.set(u.target, copyOf ? [`holds the new value of ${base}`] : ['interval of its right-hand side over the ranges of the state']);
  }
  const exps = new Map<string, number>();
  for (const x of [...states, ...temps]) {
    const e = exponentFor(maxAbs(ranges.get(x)!), bounds.get(x)!);
    exps.set(x, e ?? -STATE_BITS_FALLBACK);
  }
  // Registers compared with each other or copied into each other share one format.
  const unify = (a: string, b: string) => {
    const e = Math.max(exps.get(a)!, exps.get(b)!);
    exps.set(a, e);
    exps.set(b, e);
  };
  for (let pass = 0; pass < 3; pass++) {
    for (const gt of gates) unify(gt.x, gt.y);
    for (const u of updates)
      if (states.includes(u.target) && u.polys.every((p) => p.size === 1 && [...p.values()][0]!.factors.length === 1 && [...p.values()][0]!.coef === 1)) {
        const src = [...u.polys[0]!.values()][0]!.factors[0]![0];
        if (temps.includes(src)) unify(u.target, src);
      }
  }

  // ---- offsets: a state whose proven range lies away from zero (a membrane potential in volts, say) is
  // held as x - o, which gains the bits the zero-centred format spends on values it never takes. Only
  // proven ranges: an estimated one may be off by more than the zero-centred format's slack. Registers
  // compared with each other keep a common format without offsets; `_x` copies of x share x's offset.
  const offsets = new Map<string, number>();
  const gated = new Set(gates.flatMap((gt) => [gt.x, gt.y]));
  for (const x of states) {
    const r = ranges.get(x)!;
    const e = exponentFor((r.hi - r.lo) / 2, bounds.get(x)!);
    if (bounds.get(x) !== 'proven' || gated.has(x) || e === null || e > exps.get(x)! - OFFSET_MIN_GAIN_BITS) continue;
    const copy = temps.find((t) => t === `_${x}` && exps.get(t) === exps.get(x));
    if (copy && gated.has(copy)) continue;
    const o = Math.round((r.hi + r.lo) / 2 / 2 ** e) * 2 ** e;
    for (const y of copy ? [x, copy] : [x]) {
      offsets.set(y, o);
      exps.set(y, e);
    }
  }
  const offsetPoly = (x: string, o: number): Poly =>
    new Map([
      [x, { factors: [[x, 1]], coef: 1 }],
      ['', { factors: [], coef: o }],
    ]);
  /** A polynomial in register values → in stored values (x = stored + o). */
  const stored = (p: Poly): Poly => {
    let out = p;
    for (const [x, o] of offsets) if ([...out.values()].some((m) => m.factors.some(([f]) => f === x))) out = substituteFactor(out, x, offsetPoly(x, o), flags);
    return out;
  };
  /** The stored value a statement assigns to `target`. */
  const storedFor = (p: Poly, target: string): Poly => {
    const o = offsets.get(target);
    return o ? addPoly(stored(p), constPoly(o), -1) : stored(p);
  };
  const codeRanges = new Map([...ranges].map(([x, r]) => [x, offsets.has(x) ? { lo: r.lo - offsets.get(x)!, hi: r.hi - offsets.get(x)! } : r]));

  // ---- integer code
  const tables = new TableBank(g.n, segments.length);
  const inputs: FxInput[] = [];
  const constants: QuantConstant[] = [];
  const saturation: string[] = [];
  const env: PolyEnv = {
    n: g.n,
    group: g.pyName ?? g.id,
    exps,
    ranges: codeRanges,
    flags,
    isTimeFactor: (f) => time.isTimeFactor(f),
    timeValue,
    segmentOfStep,
    totalSteps: model.totalSteps,
    tables,
    inputs,
    constants,
    saturation,
  };
  const errorOf = new Map<string, number>();
  // Synaptic input: the activation of each port (an integer sum of 8-bit weights) times its scale.
  for (const p of ports) {
    const act = `_act_${p.port}`;
    exps.set(act, 0);
    codeRanges.set(act, activationRange(synaptic.find((s) => s.id === p.projection)!, g.n));
    if (p.mode === 'summed') continue;
    const poly: Poly = new Map([[act, { factors: [[act, 1]], coef: p.scale }]]);
    const c = compilePoly(
      segments.map(() => poly),
      exps.get(p.target)!,
      `input_${p.port}`,
      env,
    );
    p.add = c.expr;
    errorOf.set(p.target, (errorOf.get(p.target) ?? 0) + c.errorLsb);
  }
  // Summed variables: the graded activations (payload units: 2^(exp + shift) of the source register,
  // which holds x - offset), the local terms and the constants, assigned every step.
  const fxSummed: FxSummed[] = summed.map((sp) => {
    const polys = segments.map((seg) => {
      let p: Poly = new Map();
      const constant = Float64Array.from(sp.constant);
      for (const id of sp.projections) {
        const spec = synaptic.find((s) => s.id === id)!;
        const port = ports.find((pp) => pp.projection === id)!;
        const x = spec.graded!;
        const src = spec.source === g.id ? { exp: exps.get(x)!, offset: offsets.get(x) ?? 0 } : sourceFormat(spec.source, x)!;
        const act = `_act_${port.port}`;
        p = addPoly(p, new Map([[act, { factors: [[act, 1]], coef: port.scale * 2 ** (src.exp + payloadShift(spec)) }]]));
        if (src.offset) {
          const q = projectionWeights(spec);
          pairWeights(spec).post.forEach((j, m) => (constant[j]! += src.offset * q.ints[m]! * port.scale));
        }
      }
      for (const t of sp.local) {
        if (registers.has(t.variable)) {
          p = addPoly(p, new Map([[t.variable, { factors: [[t.variable, 1]], coef: vcollapse(Float64Array.from(t.coef)) }]]));
        } else {
          const v = seg.values.get(g.id)!.get(t.variable)!;
          t.coef.forEach((c, j) => (constant[j]! += c * (v.length === 1 ? v[0]! : v[j]!)));
        }
      }
      return storedFor(addPoly(p, constPoly(vcollapse(constant))), sp.variable);
    });
    const c = compilePoly(polys, exps.get(sp.variable)!, `summed_${sp.variable}`, env);
    errorOf.set(sp.variable, (errorOf.get(sp.variable) ?? 0) + c.errorLsb);
    return { target: sp.variable, expr: c.expr, afterReset: sp.afterReset };
  });
  const compileBool = (e: SExpr, what: string): FxExpr => {
    switch (e.k) {
      case 'bool':
        return { k: 'bool', v: e.v };
      case 'sym':
        if (flags.has(e.name)) return { k: 'reg', name: e.name };
        break;
      case 'not':
        return { k: 'not', a: compileBool(e.a, what) };
      case 'logic':
        return { k: 'logic', op: e.op, a: compileBool(e.a, what), b: compileBool(e.b, what) };
      case 'cmp': {
        const polys = (thresholdPolys.get(e) ?? expandAll({ k: 'bin', op: '-', a: e.a, b: e.b }, what)).map(stored);
        const regs = new Set(polys.flatMap((p) => [...p.values()].flatMap((m) => m.factors.map(([f]) => f))).filter((f) => registers.has(f) && !flags.has(f)));
        if (regs.size === 0) throw new GroupRefusal(`${what}: the comparison '${printExpr(e)}' does not involve the state`, 'use --backend cpu');
        // One register with a coefficient of one: compare its integer with the exactly rounded bound.
        if (regs.size === 1) {
          const x = [...regs][0]!;
          const single = polys.every((p) => [...p.keys()].every((k) => k === '' || k === x) && vvalues(p.get(x)?.coef ?? 0).every((c) => c === 1));
          if (single) {
            const ex = exps.get(x)!;
            const bound = polys.map((p) => vvalues(p.get('')?.coef ?? 0).map((c) => -c * 2 ** -ex));
            const round = e.op === '>' || e.op === '<=' ? Math.floor : Math.ceil;
            const ints = bound.map((b) => b.map((v) => Math.max(-STATE_MAX, Math.min(STATE_MAX, round(v)))));
            const c = tables.coef(
              `${x}__bound`,
              `threshold of ${x} in ${what} (LSB 2^${ex})`,
              ints.map((v) => (v.length === 1 ? v[0]! : v)),
            );
            const o = offsets.get(x) ?? 0;
            const exact = bound.flat().map((v) => v * 2 ** ex + o);
            constants.push({
              group: env.group,
              what: `${what}: bound of ${x}`,
              value: range1(exact),
              quantized: range1(ints.flat().map((v) => v * 2 ** ex + o)),
              relError: 0,
              format: `24-bit integer, LSB 2^${ex}${o ? `, offset ${o}` : ''}`,
            });
            return { k: 'cmp', op: e.op, a: { k: 'reg', name: x }, b: c.k === 'int' ? { k: 'int', v: c.v } : { k: 'table', name: c.name } };
          }
        }
        const ex = Math.min(...[...regs].map((r) => exps.get(r)!));
        const d = compilePoly(polys, ex, what.replace(/^the /, '').replace(/\W+/g, '_'), env);
        return { k: 'cmp', op: e.op, a: d.expr, b: { k: 'int', v: 0 } };
      }
      default:
        break;
    }
    throw new GroupRefusal(`${what}: '${printExpr(e)}' is not a comparison of the state`, 'use --backend cpu');
  };

  const update: FxStmt[] = [];
  if (refractorySteps) {
    const c: FxExpr = { k: 'reg', name: REFRACTORY_COUNTER };
    update.push({
      target: REFRACTORY_COUNTER,
      expr: { k: 'select', c: { k: 'cmp', op: '>', a: c, b: { k: 'int', v: 0 } }, a: { k: 'sum', terms: [c, { k: 'int', v: -1 }] }, b: { k: 'int', v: 0 } },
      saturate: false,
    });
    update.push({ target: 'not_refractory', expr: { k: 'cmp', op: '==', a: c, b: { k: 'int', v: 0 } }, saturate: false });
  }
  for (const b of boolUpdates) update.push({ target: b.target, expr: compileBool(b.expr, 'the refractory condition'), saturate: false });
  for (const u of updates) {
    const label = u.target;
    const c = compilePoly(
      u.polys.map((p) => storedFor(p, u.target)),
      exps.get(u.target)!,
      label,
      env,
    );
    let expr = c.expr;
    if (u.where) {
      const keep = u.target.startsWith('_') && registers.has(u.target.slice(1)) ? u.target.slice(1) : u.target;
      expr = { k: 'select', c: compileBool(u.where, `the condition of ${u.target}`), a: expr, b: { k: 'reg', name: keep } };
    }
    update.push({ target: u.target, expr, saturate: true });
    errorOf.set(u.target, (errorOf.get(u.target) ?? 0) + c.errorLsb);
  }
  const threshold = g.threshold ? compileBool(g.threshold, 'the threshold') : null;
  const onSpike: FxStmt[] = [];
  for (const s of g.onSpike) {
    if (s.target === 'not_refractory') onSpike.push({ target: 'not_refractory', expr: { k: 'bool', v: false }, saturate: false });
    else if (s.target === 'lastspike' && refractorySteps) {
      const steps = tables.coef(
        `${REFRACTORY_COUNTER}__steps`,
        'refractory period in steps',
        refractorySteps.map((v) => (typeof v === 'number' ? v : [...v])),
      );
      onSpike.push({ target: REFRACTORY_COUNTER, expr: steps.k === 'int' ? { k: 'int', v: steps.v } : { k: 'table', name: steps.name }, saturate: false });
    }
  }
  const reset: FxStmt[] = resets.map((r) => {
    const c = compilePoly(
      r.polys.map((p) => storedFor(p, r.target)),
      exps.get(r.target)!,
      `${r.target}_reset`,
      env,
    );
    return { target: r.target, expr: c.expr, saturate: true };
  });

  // ---- what the monitors record
  const recorded: Record<string, FxRecorded> = {};
  for (const m of monitors) {
    if (m.kind !== 'StateMonitor' || m.source.group !== g.id) continue;
    for (const r of m.recorded) {
      if (recorded[r.name]) continue;
      if (r.expr.k === 'sym' && registers.has(r.expr.name)) {
        recorded[r.name] = flags.has(r.expr.name)
          ? { expr: { k: 'reg', name: r.name }, exp: 0, offset: 0, dim: DIMLESS }
          : { expr: { k: 'reg', name: r.expr.name }, exp: exps.get(r.expr.name)!, offset: offsets.get(r.expr.name) ?? 0, dim: r.dim };
        continue;
      }
      if (r.name === 'lastspike') throw new GroupRefusal('recording lastspike is not supported by the Loihi 2 backend', 'use --backend cpu');
      const polys = expandAll(r.expr, `the recorded value ${r.name}`);
      const range = hull(...polys.map((p) => polyRange(p, rangeOf)));
      const ex = exponentFor(maxAbs(range), 'proven') ?? 0;
      const c = compilePoly(polys.map(stored), ex, `rec_${r.name}`, env);
      recorded[r.name] = { expr: c.expr, exp: ex, offset: 0, dim: r.dim };
    }
  }

  // ---- values written before each segment
  const sets: FxSet[][] = segments.map((seg, k) => {
    const out: FxSet[] = [];
    const values = seg.values.get(g.id)!;
    const assignedIdx = (x: string) => (k === 0 ? null : [...(seg.assigned.get(g.id)?.get(x) ?? [])].sort((p, q) => p - q));
    for (const x of states) {
      const indices = assignedIdx(x);
      if (indices && !indices.length) continue;
      const v = values.get(x)!;
      const ex = exps.get(x)!;
      const o = offsets.get(x) ?? 0;
      const ints = Array.from({ length: g.n }, (_, i) => {
        const q = toInt(((v.length === 1 ? v[0]! : v[i]!) - o) * 2 ** -ex);
        if (Math.abs(q) > STATE_MAX) {
          const msg = `${env.group}: the value set for ${x} does not fit in 24 bits; clipped`;
          if (!saturation.includes(msg)) saturation.push(msg);
          return Math.sign(q) * STATE_MAX;
        }
        return q;
      });
      out.push({ group: g.id, name: x, kind: 'register', values: ints, indices: indices && vars.get(x)?.shared ? null : indices });
    }
    const nr = assignedIdx('not_refractory');
    if (flags.has('not_refractory') && (!nr || nr.length)) {
      const v = values.get('not_refractory')!;
      out.push({
        group: g.id,
        name: 'not_refractory',
        kind: 'register',
        values: Array.from({ length: g.n }, (_, i) => ((v.length === 1 ? v[0]! : v[i]!) ? 1 : 0)),
        indices: nr,
      });
    }
    for (const [name, vals] of tables.values[k]!) out.push({ group: g.id, name, kind: 'table', values: vals, indices: null });
    return out;
  });

  // ---- registers and report
  const regList: FxRegister[] = [];
  const variables: QuantVariable[] = [];
  for (const x of [...states, ...temps]) {
    const dim = vars.get(x)?.dim ?? vars.get(x.slice(1))?.dim ?? DIMLESS;
    const range = ranges.get(x)!;
    const ex = exps.get(x)!;
    const o = offsets.get(x) ?? 0;
    const held = maxAbs({ lo: range.lo - o, hi: range.hi - o });
    regList.push({ name: x, kind: states.includes(x) ? 'state' : 'temp', exp: ex, offset: o, range, dim, bound: bounds.get(x)!, why: why.get(x)! });
    variables.push({
      group: env.group,
      name: x,
      unit: formatDim(dim),
      kind: states.includes(x) ? 'state' : 'temp',
      exp: ex,
      offset: o,
      lsb: 2 ** ex,
      range,
      bound: bounds.get(x)!,
      why: why.get(x)!,
      usedBits: held > 0 ? Math.ceil(Math.log2(held / 2 ** ex + 1)) + 1 : 1,
    });
  }
  for (const f of flags) regList.push({ name: f, kind: 'flag', exp: 0, offset: 0, range: { lo: 0, hi: 1 }, dim: DIMLESS, bound: 'exact', why: ['boolean'] });
  if (refractorySteps) {
    const maxSteps = Math.max(...refractorySteps.flatMap(vvalues));
    regList.push({
      name: REFRACTORY_COUNTER,
      kind: 'counter',
      exp: 0,
      offset: 0,
      range: { lo: 0, hi: maxSteps },
      dim: DIMLESS,
      bound: 'exact',
      why: ['steps of refractoriness left'],
    });
  }

  // Worst error per state: the rounding of its update, accumulated over the decay when it contracts.
  const decay = new Map<string, number | null>();
  const errors: QuantError[] = [];
  for (const x of states) {
    const self = updates.find((u) => u.target === `_${x}`) ?? updates.find((u) => u.target === x);
    let a: number | null = null;
    if (self && bounds.get(x) === 'proven') {
      const coefs = self.polys.flatMap((p) => vvalues(p.get(x)?.coef ?? 0));
      const amax = Math.max(...coefs);
      if (coefs.every((c) => c >= 0 && c < 1)) a = amax;
    }
    decay.set(x, a);
    const perStepLsb = [...errorOf]
      .filter(([t]) => t === x || t === `_${x}` || (t.startsWith('_') && !registers.has(t.slice(1))))
      .reduce((s, [, e]) => s + e, 0);
    const perStep = perStepLsb * 2 ** exps.get(x)!;
    const accumulated = a !== null ? perStep / (1 - a) : null;
    const span = Math.max(ranges.get(x)!.hi - ranges.get(x)!.lo, maxAbs(ranges.get(x)!), 1e-300);
    errors.push({
      group: env.group,
      variable: x,
      perStep,
      accumulated,
      relative: (accumulated ?? perStep) / span,
      note:
        a !== null
          ? `decays by ${a.toPrecision(6)} per step: errors settle at per-step/(1 - ${a.toPrecision(6)})`
          : 'not a contracting linear update: per-step bound only',
    });
  }

  const lif = lifShape();
  const group: FxGroup = {
    kind: 'NeuronGroup',
    id: g.id,
    pyName: g.pyName,
    n: g.n,
    span: g.span,
    registers: regList,
    tables: tables.tables,
    inputs,
    update,
    threshold,
    onSpike,
    reset,
    recorded,
    synapticPorts: ports,
    summed: fxSummed,
    gradedOut: [],
    mapping: { kind: 'program', reason: '' },
  };
  const stateSet = new Set(states);
  const product = updates
    .flatMap((u) => u.polys.flatMap((p) => [...p.values()]))
    .find((m) => m.factors.filter(([f]) => stateSet.has(f) || (f.startsWith('_') && stateSet.has(f.slice(1)))).reduce((n, [, e]) => n + e, 0) > 1);
  const nonlinear = product
    ? product.factors
        .filter(([f]) => !flags.has(f))
        .map(([f, e]) => (e === 1 ? f : `${f}**${e}`))
        .join('*')
    : null;
  return { group, sets, variables, constants, errors, saturation, decay, lif, nonlinear };

  /** Values of a variable that is not a register (a parameter), over every segment. */
  function rangeOfStatic(x: string): Interval {
    const vals = segments.flatMap((seg) => [...(seg.values.get(g.id)?.get(x) ?? [0])]);
    return ofValues(vals);
  }

  /** Interval of a summed variable over its target neurons, from the ranges of what it reads. */
  function summedBound(sp: SummedSpec, rangeOf: (x: string) => Interval): Interval {
    const lo = Float64Array.from(sp.constant);
    const hi = Float64Array.from(sp.constant);
    const add = (j: number, c: number, r: Interval) => {
      lo[j]! += Math.min(c * r.lo, c * r.hi);
      hi[j]! += Math.max(c * r.lo, c * r.hi);
    };
    for (const t of sp.local) {
      const r = rangeOf(t.variable);
      t.coef.forEach((c, j) => add(j, c, r));
    }
    for (const id of sp.projections) {
      const spec = synaptic.find((s) => s.id === id)!;
      const r = spec.source === g.id ? rangeOf(spec.graded!) : sourceFormat(spec.source, spec.graded!)?.range;
      if (!r) throw new GroupRefusal(`the summed variable '${sp.variable}' reads a group that is not compiled before this one`, 'use --backend cpu');
      spec.post.forEach((j, k) => add(j, spec.weights[k]!, r));
    }
    return { lo: Math.min(...lo), hi: Math.max(...hi) };
  }

  /**
   * A threshold `x > θ` with a reset that assigns x: x starts every update at most at θ (or its initial
   * and reset values). Also `x > θ and not_refractory` when x is frozen while refractory (its update
   * and its synaptic input apply only where not_refractory), since x cannot rise past θ then either.
   */
  function clipAbove(): Map<string, number> {
    const out = new Map<string, number>();
    let th = g.threshold;
    let gatedByRefractoriness = false;
    if (th && th.k === 'logic' && th.op === 'and') {
      const isFlag = (e: SExpr) => e.k === 'sym' && e.name === 'not_refractory';
      if (isFlag(th.b)) th = th.a;
      else if (isFlag(th.a)) th = th.b;
      else return out;
      gatedByRefractoriness = true;
    }
    if (!th || th.k !== 'cmp' || (th.op !== '>' && th.op !== '>=') || th.a.k !== 'sym') return out;
    const x = th.a.name;
    if (gatedByRefractoriness) {
      // Frozen when every write of x is conditional: either the write itself (`x = _x` only where
      // not_refractory, as the lowering now emits it) or the temporary it copies.
      const direct = updates.filter((u) => u.target === x);
      const temp = updates.filter((u) => u.target === `_${x}`);
      const isCopy = (u: (typeof updates)[number]) => u.target === x && u.polys.every((p) => p.size === 1 && p.get(`_${x}`)?.coef === 1);
      const frozen = direct.length > 0 && direct.every((u) => u.where || (isCopy(u) && temp.length > 0 && temp.every((t) => t.where)));
      if (!frozen || ports.some((p) => p.target === x && !p.conditional)) return out;
    }
    const bound = thresholds.get(x);
    const assigned = resets.some((r) => r.target === x && r.polys.every((p) => ![...p.values()].some((m) => m.factors.some(([f]) => f === x))));
    if (bound && assigned && states.includes(x)) out.set(x, bound.hi);
    return out;
  }

  function lifShape(): LifShape | { why: string } {
    if (segments.length !== 1) return { why: 'the script has several runs (the LIF parameters would change between them)' };
    if (refractorySteps || boolUpdates.length) return { why: "refractoriness, which Lava's bit-accurate LIF does not model" };
    if (states.length !== 1) return { why: `${states.length} state variables, but Lava's LIF integrates one voltage` };
    const x = states[0]!;
    if (temps.some((t) => t !== `_${x}`)) return { why: 'the update needs intermediate values (it is not one leaky integration)' };
    if (inputs.length) return { why: 'a time-dependent input' };
    if (ports.length) return { why: "synaptic input, which Lava's LIF adds after its decay (the generated program keeps Brian2's order)" };
    if (Object.keys(recorded).some((r) => r !== x)) return { why: 'monitors record expressions other than the voltage' };
    const main = updates.find((u) => u.target === `_${x}`) ?? updates.find((u) => u.target === x);
    if (!main || main.where) return { why: 'the voltage has no plain update' };
    const p = main.polys[0]!;
    if (![...p.keys()].every((k) => k === '' || k === x)) return { why: 'the update is not affine in the voltage' };
    const a = p.get(x)?.coef ?? 0;
    if (typeof a !== 'number') return { why: "time constants differ between neurons, but Lava's LIF has one decay per population" };
    const b = vvalues(p.get('')?.coef ?? 0);
    const th = g.threshold;
    if (!th || th.k !== 'cmp' || (th.op !== '>' && th.op !== '>=') || !thresholds.has(x)) return { why: 'the threshold is not "voltage > constant"' };
    const theta = thresholds.get(x)!;
    if (theta.lo !== theta.hi) return { why: "thresholds differ between neurons, but Lava's LIF has one per population" };
    if (resets.length !== 1 || resets[0]!.target !== x) return { why: 'the reset is not a single assignment of the voltage' };
    const rp = resets[0]!.polys[0]!;
    if (![...rp.keys()].every((k) => k === '')) return { why: 'the reset value is not a constant' };
    const r = rp.get('')?.coef ?? 0;
    if (typeof r !== 'number') return { why: 'reset values differ between neurons' };
    const init = segments[0]!.values.get(g.id)!.get(x)!;
    return {
      variable: x,
      a,
      b: b.length === 1 ? new Array<number>(g.n).fill(b[0]!) : b,
      op: th.op,
      theta: theta.lo,
      reset: r,
      initial: Array.from({ length: g.n }, (_, i) => (init.length === 1 ? init[0]! : init[i]!)),
      range: ranges.get(x)!,
    };
  }
}

const STATE_BITS_FALLBACK = 23;

/** An offset is worth its constant terms when it gains at least this many bits of resolution. */
const OFFSET_MIN_GAIN_BITS = 2;

function range1(values: number[]): number | { min: number; max: number } {
  const r = ofValues(values);
  return r.lo === r.hi ? r.lo : { min: r.lo, max: r.hi };
}
