// Model equations: parse the strings (and Equations objects with their substitutions), check names
// and flags as Brian2 does, and resolve right-hand sides with unit checks. Declaration and resolution
// are separate passes, since an expression may use a variable declared further down.

import type { Expr, Loc } from '../../grammars/ast.js';
import { parseEquations, type EquationAst } from '../../grammars/brian2-strings.js';
import type { Value } from '../1-read/values.js';
import { Dim, formatDim, isDimensionless, divDim, sameDim } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { EquationIR } from './ir.js';
import { BRIAN2_FUNCTIONS, Resolver, type NameTable } from './resolve.js';
import { UNITS } from '../units/table.js';
import { stringSource, parseOrFail } from './strings.js';
import { declaredUnit } from './units.js';

export interface EquationDecl {
  ast: EquationAst;
  dim: Dim;
  type: EquationIR['type'];
}

export type EquationOwner = 'NeuronGroup' | 'Synapses';

const FLAGS: Record<EquationOwner, Record<EquationAst['kind'], string[]>> = {
  NeuronGroup: {
    differential: ['unless refractory'],
    subexpression: ['shared', 'constant over dt'],
    parameter: ['constant', 'shared', 'linked'],
  },
  Synapses: {
    differential: ['event-driven', 'clock-driven'],
    subexpression: ['summed', 'shared', 'constant over dt'],
    parameter: ['constant', 'shared', 'linked'],
  },
};

/** Brian2's DEFAULT_CONSTANTS. */
const BRIAN2_CONSTANTS = ['pi', 'e', 'inf', 'True', 'False'];

const RESERVED = new Set(['t', 'dt', 'i', 'j', 'N', 'xi', 'lastspike', 'not_refractory', 'lastupdate', 't_in_timesteps', 'N_pre', 'N_post', 'N_incoming', 'N_outgoing', 'delay']);

/** Rename identifiers of a parsed expression (Equations(..., x='y') substitutions). */
function renameExpr(e: Expr, renames: Map<string, string>): Expr {
  if (!renames.size) return e;
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(go);
    if (!x || typeof x !== 'object') return x;
    const n = x as Record<string, unknown>;
    if (n.kind === 'Name' && typeof n.id === 'string' && renames.has(n.id)) return { ...n, id: renames.get(n.id) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) out[k] = k === 'loc' ? v : go(v);
    return out;
  };
  return go(e) as Expr;
}

/** Parse a model (string or Equations) into declarations; value substitutions go to `substituted`. */
export function declareEquations(
  model: Value,
  modelLoc: Loc,
  owner: EquationOwner,
  ctx: BuildContext,
): { decls: EquationDecl[]; substituted: Map<string, Value> } {
  const parts =
    model.t === 'str'
      ? [{ text: model, substitutions: new Map<string, Value>() }]
      : model.t === 'equations'
        ? model.parts
        : model.t === 'none'
          ? []
          : ctx.fail('type-error', modelLoc, { detail: `the model must be a string or Equations, not ${model.t === 'num' ? 'a number' : model.t}`, hint: "write the equations as a string: 'dv/dt = -v/tau : volt'" });
  const decls: EquationDecl[] = [];
  const substituted = new Map<string, Value>();
  for (const part of parts) {
    const renames = new Map<string, string>();
    for (const [k, v] of part.substitutions) {
      if (v.t === 'str') renames.set(k, v.v);
      else substituted.set(k, v);
    }
    const src = stringSource(part.text);
    const asts = parseOrFail(() => parseEquations(src), ctx);
    for (const ast of asts) {
      const renamed: EquationAst = {
        ...ast,
        name: renames.get(ast.name) ?? ast.name,
        expr: ast.expr ? renameExpr(ast.expr, renames) : null,
      };
      const unit = declaredUnit(ast.unit.text, ast.unit.expr, ast.unit.loc, ctx);
      decls.push({ ast: renamed, dim: unit.dim, type: unit.type });
    }
  }
  checkDeclarations(decls, owner, ctx);
  checkSubexpressionCycles(decls, ctx);
  return { decls, substituted };
}

function checkDeclarations(decls: EquationDecl[], owner: EquationOwner, ctx: BuildContext): void {
  const seen = new Set<string>();
  for (const d of decls) {
    const { name, nameLoc, kind, flags } = d.ast;
    if (seen.has(name)) ctx.fail('equation-duplicate', nameLoc, { name });
    seen.add(name);
    if (RESERVED.has(name) || /^xi_/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, { detail: `'${name}' is a name Brian2 reserves`, hint: 'rename the variable' });
    }
    if (name.startsWith('_')) ctx.fail('equation-syntax', nameLoc, { detail: 'variable names must not start with an underscore', hint: 'rename the variable' });
    // As Brian2: a variable may not shadow a unit, a function or a constant of Brian2 code.
    const shadowed = UNITS.has(name) ? 'a unit' : BRIAN2_FUNCTIONS.includes(name) ? 'a function' : BRIAN2_CONSTANTS.includes(name) ? 'a constant' : null;
    if (shadowed) ctx.fail('equation-syntax', nameLoc, { detail: `'${name}' is the name of ${shadowed} in Brian2 code, so it cannot name a variable`, hint: 'rename the variable' });
    if (owner === 'NeuronGroup' && /_(pre|post)$/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, { detail: `'${name}' ends in _pre/_post, which only synaptic summed variables may do`, hint: 'rename the variable' });
    }
    if (kind === 'differential' && d.type !== 'float') {
      ctx.fail('equation-unit', d.ast.unit.loc, { detail: `the differential equation for '${name}' must have a physical unit, not ${d.type}`, hint: 'use a unit such as volt or 1' });
    }
    const allowed = FLAGS[owner][kind];
    for (const f of flags) {
      if (!allowed.includes(f.name)) {
        ctx.fail('equation-flag', f.loc, {
          flag: f.name,
          where: `on a ${kind === 'differential' ? 'differential equation' : kind} in a ${owner}`,
          allowed: allowed.length ? allowed.join(', ') : 'none',
        });
      }
      if (f.name === 'linked') ctx.fail('unsupported', f.loc, { what: "linked variables ('linked' flag)", hint: 'give the variable its own value' });
    }
    if (kind === 'subexpression' && flags.some((f) => f.name === 'summed') && !/_(pre|post)$/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, { detail: `the summed variable '${name}' must end in _pre or _post to name its target`, hint: `write ${name}_post = ... : unit (summed)` });
    }
  }
}

/** Subexpressions defined through each other in a cycle have no value: refused, as Brian2 does. */
function checkSubexpressionCycles(decls: EquationDecl[], ctx: BuildContext): void {
  const deps = new Map(decls.filter((d) => d.ast.kind === 'subexpression' && d.ast.expr).map((d) => [d.ast.name, namesIn(d.ast.expr!)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const decl = decls.find((d) => d.ast.name === name)!;
      ctx.fail('equation-syntax', decl.ast.nameLoc, {
        detail: cycle.length === 2 ? `the subexpression '${name}' is defined through itself` : `the subexpressions ${cycle.map((n) => `'${n}'`).join(' → ')} are defined through each other`,
        hint: 'define one of them from other variables',
      });
    }
    state.set(name, 'visiting');
    for (const d of deps.get(name) ?? []) if (deps.has(d)) visit(d, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of deps.keys()) visit(name, []);
}

function namesIn(e: Expr): Set<string> {
  const out = new Set<string>();
  const go = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(go);
    if (!x || typeof x !== 'object') return;
    const n = x as Record<string, unknown>;
    if (n.kind === 'Name' && typeof n.id === 'string') out.add(n.id);
    for (const [k, v] of Object.entries(n)) if (k !== 'loc') go(v);
  };
  go(e);
  return out;
}

/** Resolve right-hand sides and check their units against the declarations. */
export function resolveEquations(decls: EquationDecl[], names: NameTable, ctx: BuildContext): EquationIR[] {
  const out: EquationIR[] = [];
  for (const d of decls) {
    const ir = ctx.attempt(() => {
      const { ast } = d;
      let expr: EquationIR['expr'] = null;
      if (ast.expr) {
        const resolver = new Resolver(ctx, { ...names, noise: ast.kind === 'differential', random: names.random });
        const r = resolver.resolve(ast.expr);
        const want = ast.kind === 'differential' ? divDim(d.dim, [0, 0, 1, 0, 0, 0, 0]) : d.dim;
        const isBoolean = d.type === 'boolean';
        if (isBoolean ? r.type !== 'boolean' && !isDimensionless(r.dim) : !sameDim(r.dim, want)) {
          ctx.fail('unit-mismatch', ast.expr.loc, {
            detail:
              ast.kind === 'differential'
                ? `the right-hand side of d${ast.name}/dt has units of ${formatDim(r.dim)}, but ${ast.name} is in ${formatDim(d.dim)} so it needs ${formatDim(want)}`
                : `'${ast.name}' is declared in ${formatDim(d.dim)} but its expression has units of ${formatDim(r.dim)}`,
            hint: ast.kind === 'differential' ? 'divide by a time constant, e.g. (v_rest - v)/tau' : `make the expression match ${ast.unit.text}`,
          });
        }
        expr = { code: ctx.text(ast.expr.loc), ast: r.ast, dim: r.dim, span: ctx.span(ast.expr.loc) };
      }
      const eq: EquationIR = {
        kind: ast.kind,
        name: ast.name,
        expr,
        dim: d.dim,
        unitText: ast.unit.text,
        type: d.type,
        flags: ast.flags.map((f) => f.name),
        span: ctx.span(ast.loc),
      };
      return eq;
    });
    if (ir) out.push(ir);
  }
  return out;
}
