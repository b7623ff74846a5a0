// SpatialNeuron → IR, following SpatialNeuron.__init__ of Brian2: the user's equations with point currents
// folded into Im, the implicit variables (v, geometry, Cm, Ri, Ic), Im linearised in v into
// gtot__private and I0__private, the threshold restricted to threshold_location, and the constructor's
// assignments of geometry, Cm and Ri. The group is otherwise built as a NeuronGroup (groups.ts).

import type { Loc } from '../../grammars/ast.js';
import type { SpatialNeuronObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { diff, linearIn } from '../symbolic/calculus.js';
import { add, div, mul, neg, num, pow, sub, substitute, sym, symbols, type SExpr } from '../symbolic/expr.js';
import { printExpr } from '../symbolic/print.js';
import { simplify } from '../symbolic/simplify.js';
import { formatDim, isDimensionless, sameDim, type Dim } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import type { EquationDecl } from './equations.js';
import { buildNeuronGroup, type GroupInfo, type NeuronVariant } from './groups.js';
import type { ActionIR, EquationIR, ExprIR, SpatialNeuronIR, ValueIR } from './ir.js';

const METRE: Dim = [1, 0, 0, 0, 0, 0, 0];
const VOLT: Dim = [2, 1, -3, -1, 0, 0, 0];
const AMP: Dim = [0, 0, 0, 1, 0, 0, 0];
const AMP_PER_M2: Dim = [-2, 0, 0, 1, 0, 0, 0];
const SIEMENS_PER_M2: Dim = [-4, -1, 3, 2, 0, 0, 0];
const FARAD_PER_M2: Dim = [-4, -1, 4, 2, 0, 0, 0];
const OHM_METRE: Dim = [3, 1, -3, -2, 0, 0, 0];
const SECOND: Dim = [0, 0, 1, 0, 0, 0, 0];

/** Brian2's defaults: Cm = 0.9 uF/cm**2, Ri = 150 ohm*cm. */
const DEFAULT_CM = (0.9 * 1e-6) / (0.01 * 0.01);
const DEFAULT_RI = 150 * 0.01;

interface Implicit {
  name: string;
  dim: Dim;
  unit: string;
  flags: string[];
}

function implicitParameters(hasCoordinates: boolean): Implicit[] {
  const p = (name: string, dim: Dim, unit: string, flags: string[] = ['constant']): Implicit => ({ name, dim, unit, flags });
  return [
    p('v', VOLT, 'volt', []),
    p('length', METRE, 'meter'),
    p('distance', METRE, 'meter'),
    p('area', [2, 0, 0, 0, 0, 0, 0], 'meter**2'),
    p('volume', [3, 0, 0, 0, 0, 0, 0], 'meter**3', []),
    p('Ic', AMP_PER_M2, 'amp/meter**2', []),
    p('diameter', METRE, 'meter'),
    p('Cm', FARAD_PER_M2, 'farad/meter**2'),
    p('Ri', OHM_METRE, 'ohm*meter', ['constant', 'shared']),
    p('r_length_1', METRE, 'meter'),
    p('r_length_2', METRE, 'meter'),
    ...(hasCoordinates ? [p('x', METRE, 'meter'), p('y', METRE, 'meter'), p('z', METRE, 'meter')] : []),
  ];
}

function declaration(i: Implicit, loc: Loc): EquationDecl {
  return {
    ast: {
      kind: 'parameter',
      name: i.name,
      nameLoc: loc,
      expr: null,
      unit: { text: i.unit, expr: null, loc },
      flags: i.flags.map((name) => ({ name, loc })),
      loc,
    },
    dim: i.dim,
    type: 'float',
  };
}

/** -e, with the sign moved inwards where IEEE arithmetic gives the same number (-(a - b) = -a + b). */
function negated(e: SExpr): SExpr {
  if (e.k === 'neg') return e.a;
  if (e.k === 'num') return num(-e.v);
  if (e.k === 'bin' && e.op === '-') return add(negated(e.a), e.b);
  if (e.k === 'bin' && e.op === '+') return sub(negated(e.a), e.b);
  return neg(e);
}

/** Subexpressions substituted into `e` (`(constant over dt)` ones stay symbols, as in Brian2's linearity check). */
function substituted(e: SExpr, subs: Map<string, SExpr>): SExpr {
  for (let k = 0; k < 100; k++) {
    const names = [...symbols(e).values()].filter((s) => s.role === 'var' && !s.side && subs.has(s.name));
    if (!names.length) return e;
    e = substitute(e, subs);
  }
  return e;
}

function spatialVariant(o: SpatialNeuronObj, env: BuildEnv, out: { pointCurrents: string[] }): NeuronVariant {
  const ctx = env.ctx;
  const loc = o.loc;
  const span = ctx.span(loc);
  const subexpr = (name: string, dim: Dim, unitText: string, ast: SExpr, at = span): EquationIR => ({
    kind: 'subexpression',
    name,
    expr: { code: printExpr(ast), ast, dim, span: at },
    dim,
    unitText,
    type: 'float',
    flags: [],
    span: at,
  });
  return {
    owner: 'SpatialNeuron',
    extraVariables: {
      gtot__private: { sym: sym('gtot__private'), dim: SIEMENS_PER_M2, type: 'float' },
      I0__private: { sym: sym('I0__private'), dim: AMP_PER_M2, type: 'float' },
      time_constant: { sym: sym('time_constant'), dim: SECOND, type: 'float' },
      space_constant: { sym: sym('space_constant'), dim: METRE, type: 'float' },
    },
    declare(decls) {
      const im = decls.find((d) => d.ast.name === 'Im');
      if (!im)
        ctx.fail('equation-syntax', o.args.get('model')!.loc, {
          detail: "the transmembrane current 'Im' must be defined",
          hint: "add a line such as 'Im = gL*(EL - v) : amp/meter**2'",
        });
      if (im!.ast.kind !== 'subexpression')
        ctx.fail('equation-syntax', im!.ast.loc, {
          detail: "'Im' must be a subexpression (Im = ... : amp/meter**2)",
          hint: 'write Im as the expression of the membrane current',
        });
      if (im!.ast.flags.length)
        ctx.fail('equation-flag', im!.ast.flags[0]!.loc, { flag: im!.ast.flags[0]!.name, where: "on the transmembrane current 'Im'", allowed: 'none' });
      if (!sameDim(im!.dim, AMP_PER_M2))
        ctx.fail('equation-unit', im!.ast.unit.loc, {
          detail: `'Im' must be a current per area (amp/meter**2), not ${formatDim(im!.dim)}`,
          hint: 'write Im in amp/meter**2; point currents in amp get the flag (point current)',
        });
      for (const d of decls) {
        const flag = d.ast.flags.find((f) => f.name === 'point current');
        if (!flag) continue;
        if (!sameDim(d.dim, AMP))
          ctx.fail('equation-unit', d.ast.unit.loc, {
            detail: `the point current ${d.ast.name} should be in amp, not ${isDimensionless(d.dim) ? 'dimensionless' : formatDim(d.dim)}`,
            hint: 'declare it in amp',
          });
        out.pointCurrents.push(d.ast.name);
      }
      // Brian2 adds these itself: the user's equations may not define them.
      const implicit = implicitParameters(o.flat.coordinates !== null);
      for (const i of [...implicit.map((x) => x.name), 'gtot__private', 'I0__private', 'time_constant', 'space_constant']) {
        const mine = decls.find((d) => d.ast.name === i);
        if (mine) ctx.fail('equation-duplicate', mine.ast.nameLoc, { name: i });
      }
      return [...decls, ...implicit.map((i) => declaration(i, loc))];
    },
    rewrite(equations) {
      const eqs = equations.map((e) => (e.flags.includes('point current') ? { ...e, flags: e.flags.filter((f) => f !== 'point current') } : e));
      const imIndex = eqs.findIndex((e) => e.name === 'Im');
      // Im did not resolve: its error is reported already.
      if (imIndex < 0 || !eqs[imIndex]!.expr) return eqs;
      const im = eqs[imIndex]!;
      // Im + I1/area + I2/area ... (Brian2 appends '+I/area' to the text of Im for each point current)
      let imAst = im.expr!.ast;
      for (const name of out.pointCurrents) imAst = add(imAst, div(sym(name), sym('area')));
      eqs[imIndex] = { ...im, expr: { ...im.expr!, ast: imAst, code: out.pointCurrents.length ? printExpr(imAst) : im.expr!.code } };

      const constantOverDt = new Set(eqs.filter((e) => e.flags.includes('constant over dt')).map((e) => e.name));
      const subs = new Map(eqs.filter((e) => e.kind === 'subexpression' && e.expr && !constantOverDt.has(e.name)).map((e) => [e.name, e.expr!.ast]));
      const full = substituted(imAst, subs);
      // gtot = -dIm/dv, I0 = Im - (dIm/dv)*v: for Im linear in v, I0 is Im at v = 0.
      let gtot: SExpr;
      let i0: SExpr;
      const lin = linearIn(full, 'v');
      if (lin) {
        gtot = simplify(negated(lin.coefficient));
        i0 = lin.rest;
      } else {
        const d = diff(full, 'v');
        if (!d)
          return ctx.fail('code-error', im.span, {
            detail: `cannot take the derivative of Im (${printExpr(full)}) with respect to v`,
            hint: 'write Im with functions whose derivative is known (exp, log, sqrt, powers, ...)',
          });
        gtot = simplify(negated(d));
        i0 = simplify(sub(full, mul(d, sym('v'))));
      }
      const area = sym('area');
      const spaceConstant = div(
        mul(pow(num(2 / Math.PI), num(1.0 / 3.0)), pow(div(area, add(div(num(1), sym('r_length_1')), div(num(1), sym('r_length_2')))), num(1.0 / 6.0))),
        mul(num(2), pow(mul(sym('Ri'), sym('gtot__private')), num(1.0 / 2.0))),
      );
      return [
        ...eqs,
        subexpr('gtot__private', SIEMENS_PER_M2, 'siemens/meter**2', gtot, im.span),
        subexpr('I0__private', AMP_PER_M2, 'amp/meter**2', i0, im.span),
        subexpr('time_constant', SECOND, 'second', div(sym('Cm'), sym('gtot__private'))),
        subexpr('space_constant', METRE, 'meter', spaceConstant),
      ];
    },
    threshold(t: ExprIR): ExprIR {
      const at = o.thresholdLocation;
      if (!at) return t;
      // Brian2: threshold = '(cond) and (i == location)'
      return {
        ...t,
        code: `(${t.code}) and (i == ${at.index})`,
        ast: { k: 'logic', op: 'and', a: t.ast, b: { k: 'cmp', op: '==', a: sym('i', 'special'), b: num(at.index) } },
      };
    },
  };
}

/** Cm (F/m²) as given: one value or one per compartment. */
function capacitance(o: SpatialNeuronObj, env: BuildEnv): ValueIR {
  const a = o.args.get('Cm');
  if (!a || a.value.t === 'none') return { kind: 'scalar', value: DEFAULT_CM, dim: FARAD_PER_M2 };
  return quantity(a, FARAD_PER_M2, 'Cm', 'uF/cm**2', o.n, env);
}

function resistivity(o: SpatialNeuronObj, env: BuildEnv): ValueIR {
  const a = o.args.get('Ri');
  if (!a || a.value.t === 'none') return { kind: 'scalar', value: DEFAULT_RI, dim: OHM_METRE };
  const v = quantity(a, OHM_METRE, 'Ri', 'ohm*cm', 1, env);
  if (v.kind !== 'scalar') env.ctx.fail('value-error', a.loc, { detail: 'Ri is uniform across the neuron: give one value', hint: 'e.g. Ri=100*ohm*cm' });
  return v;
}

function quantity(a: { value: Value; loc: Loc }, dim: Dim, name: string, unit: string, n: number, env: BuildEnv): ValueIR {
  const v = a.value;
  const wrong = (got: Dim) =>
    env.ctx.fail('unit-mismatch', a.loc, {
      detail: `${name} must be in ${formatDim(dim)}, not ${isDimensionless(got) ? 'a plain number' : formatDim(got)}`,
      hint: `e.g. ${name}=1*${unit}`,
    });
  if (v.t === 'num') {
    if (!sameDim(v.dim, dim)) wrong(v.dim);
    return { kind: 'scalar', value: v.v, dim };
  }
  if (v.t === 'array') {
    if (!sameDim(v.dim, dim)) wrong(v.dim);
    if (v.a.data.length !== n || v.a.shape.length !== 1)
      env.ctx.fail('value-error', a.loc, {
        detail: `${name} has ${v.a.data.length} values for ${n} compartments`,
        hint: 'give one value, or one per compartment',
      });
    return { kind: 'array', values: Array.from(v.a.data), dim };
  }
  return env.ctx.fail('type-error', a.loc, { detail: `${name} must be a quantity in ${formatDim(dim)}`, hint: `e.g. ${name}=1*${unit}` });
}

export function buildSpatialNeuron(o: SpatialNeuronObj, env: BuildEnv): { ir: SpatialNeuronIR; info: GroupInfo; initial: ActionIR[] } | null {
  const ctx = env.ctx;
  const out = { pointCurrents: [] as string[] };
  const built = buildNeuronGroup(o, env, spatialVariant(o, env, out));
  if (!built) return null;
  const f = o.flat;
  const span = ctx.span(o.loc);
  const ref = { group: o.name, start: 0, stop: o.n };
  const set = (variable: string, value: ValueIR): ActionIR => ({ kind: 'set', target: ref, variable, index: { kind: 'all' }, value, span });
  const array = (values: number[], dim: Dim): ValueIR => ({ kind: 'array', values, dim });
  const cm = ctx.attempt(() => capacitance(o, env));
  const ri = ctx.attempt(() => resistivity(o, env));
  if (!cm || !ri) return null;
  // SpatialNeuron.__init__: self.Cm = Cm; self.Ri = Ri; then the flat morphology's arrays.
  const initial: ActionIR[] = [
    set('Cm', cm),
    set('Ri', ri),
    set('distance', array(f.distance, METRE)),
    set('length', array(f.length, METRE)),
    set('area', array(f.area, [2, 0, 0, 0, 0, 0, 0])),
    set('diameter', array(f.diameter, METRE)),
    set('volume', array(f.volume, [3, 0, 0, 0, 0, 0, 0])),
    set('r_length_1', array(f.r_length_1, METRE)),
    set('r_length_2', array(f.r_length_2, METRE)),
  ];
  if (f.coordinates) for (const axis of ['x', 'y', 'z'] as const) initial.push(set(axis, array(f.coordinates[axis], METRE)));
  const ir: SpatialNeuronIR = {
    ...built.ir,
    kind: 'SpatialNeuron',
    pointCurrents: out.pointCurrents,
    thresholdLocation: o.thresholdLocation?.index ?? null,
    morphology: {
      sections: f.sections,
      starts: f.starts,
      ends: f.ends,
      parent: f.parent,
      idxchild: f.idxchild,
      childrenNum: f.childrenNum,
      children: f.children,
      names: f.names,
    },
  };
  return { ir, info: { ...built.info, groupKind: 'SpatialNeuron' }, initial };
}
