// Model equations: parse the strings (and Equations objects with their substitutions), check names
// and flags as Brian2 does, and resolve right-hand sides with unit checks. Declaration and resolution
// are separate passes, since an expression may use a variable declared further down.

import type { Expr, Loc } from '../../grammars/ast.js';
import { parseEquations, type EquationAst } from '../../grammars/brian2-strings.js';
import type { Value } from '../1-read/values.js';
import { type Dim, formatDim, hasUnits, isDimensionless, isInUnits, divDim, sameDim } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { EquationIR } from './ir.js';
import { BRIAN2_FUNCTIONS, Resolver, type NameTable } from './resolve.js';
import { defaultUnit } from '../units/table.js';
import { stringSource, parseOrFail } from './strings.js';
import { declaredUnit } from './units.js';

export interface EquationDecl {
  ast: EquationAst;
  dim: Dim;
  type: EquationIR['type'];
}

export type EquationOwner = 'NeuronGroup' | 'Synapses' | 'SpatialNeuron';

const FLAGS: Record<EquationOwner, Record<EquationAst['kind'], string[]>> = {
  NeuronGroup: {
    differential: ['unless refractory'],
    subexpression: ['shared', 'constant over dt'],
    parameter: ['constant', 'shared', 'linked'],
  },
  // Brian2's SpatialNeuron.check_flags: no (unless refractory); point currents are added to Im.
  SpatialNeuron: {
    differential: ['point current'],
    subexpression: ['shared', 'point current', 'constant over dt'],
    parameter: ['constant', 'shared', 'linked', 'point current'],
  },
  Synapses: {
    differential: ['event-driven', 'clock-driven'],
    subexpression: ['summed', 'shared', 'constant over dt'],
    parameter: ['constant', 'shared', 'linked'],
  },
};

/** Brian2's DEFAULT_CONSTANTS. */
const BRIAN2_CONSTANTS = ['pi', 'e', 'inf'];

/**
 * Names Brian2 reserves in equations (check_identifier_reserved: t, dt, t_in_timesteps, xi, xi_*, i,
 * N), and per kind of object the names of its own variables: a NeuronGroup's refractoriness
 * (lastspike, not_refractory), a Synapses' j, delay (Synapses.__init__ refuses them), lastupdate and
 * synapse counts. A NeuronGroup may have a variable called delay or j.
 */
const RESERVED_ALWAYS = ['t', 'dt', 'i', 'N', 'xi', 't_in_timesteps'];
const RESERVED: Record<string, Set<string>> = {
  NeuronGroup: new Set([...RESERVED_ALWAYS, 'lastspike', 'not_refractory']),
  Synapses: new Set([...RESERVED_ALWAYS, 'j', 'delay', 'lastupdate', 'N_pre', 'N_post', 'N_incoming', 'N_outgoing']),
};

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
          : ctx.fail('type-error', modelLoc, {
              detail: `the model must be a string or Equations, not ${model.t === 'num' ? 'a number' : model.t}`,
              hint: "write the equations as a string: 'dv/dt = -v/tau : volt'",
            });
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

/** Names an expression reads (not the functions it calls). */
function namesIn(e: Expr, out = new Set<string>()): Set<string> {
  const todo: unknown[] = [e];
  while (todo.length) {
    const x = todo.pop();
    if (Array.isArray(x)) todo.push(...x);
    else if (x && typeof x === 'object') {
      const n = x as { kind?: string; id?: string; func?: Expr; args?: unknown };
      if (n.kind === 'Name' && n.id) out.add(n.id);
      else if (n.kind === 'Call') todo.push(n.args);
      else for (const [k, v] of Object.entries(x)) if (k !== 'loc') todo.push(v);
    }
  }
  return out;
}

/**
 * Where noise terms may appear: differential equations (any), subexpressions that Brian2 substitutes
 * into them (named ones only); not in subexpressions evaluated as code of their own (summed,
 * constant over dt), where Brian2's generated code has no value for them.
 */
function noiseAllowed(ast: EquationDecl['ast']): boolean | 'named' {
  if (ast.kind === 'differential') return true;
  if (ast.kind !== 'subexpression') return false;
  return ast.flags.some((f) => f.name === 'summed' || f.name === 'constant over dt') ? false : 'named';
}

/**
 * The subexpressions that hold a noise term, directly or through other subexpressions, with that term
 * (read from the equations' text, before they are resolved, so name tables can carry it).
 */
export function noisySubexpressions(decls: EquationDecl[]): Map<string, string> {
  const subs = new Map(decls.filter((d) => d.ast.kind === 'subexpression' && d.ast.expr).map((d) => [d.ast.name, [...namesIn(d.ast.expr!)]]));
  const out = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, reads] of subs) {
      if (out.has(name)) continue;
      const term = reads.find((x) => /^xi_\w+$/.test(x)) ?? reads.map((x) => out.get(x)).find((x) => x !== undefined);
      if (term !== undefined) {
        out.set(name, term);
        changed = true;
      }
    }
  }
  return out;
}

/** Brian2 refuses subexpressions that depend on themselves, directly or through others. */
function checkSubexpressionCycles(decls: EquationDecl[], ctx: BuildContext): void {
  const subs = new Map(decls.filter((d) => d.ast.kind === 'subexpression' && d.ast.expr).map((d) => [d.ast.name, d]));
  const uses = new Map([...subs].map(([name, d]) => [name, [...namesIn(d.ast.expr!)].filter((x) => subs.has(x))]));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const cycle = path.slice(path.indexOf(name));
      const first = subs.get(cycle[0]!)!;
      ctx.fail('equation-syntax', first.ast.nameLoc, {
        detail:
          cycle.length === 1
            ? `the subexpression '${name}' is defined in terms of itself`
            : `the subexpressions ${cycle
                .slice(0, -1)
                .map((c) => `'${c}'`)
                .join(', ')} and '${cycle[cycle.length - 1]}' depend on each other in a cycle`,
        hint: 'make one of them a parameter or a differential equation',
      });
    }
    state.set(name, 'open');
    for (const next of uses.get(name) ?? []) visit(next, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of subs.keys()) visit(name, []);
}

function checkDeclarations(decls: EquationDecl[], owner: EquationOwner, ctx: BuildContext): void {
  const seen = new Set<string>();
  for (const d of decls) {
    const { name, nameLoc, kind, flags } = d.ast;
    if (seen.has(name)) ctx.fail('equation-duplicate', nameLoc, { name });
    seen.add(name);
    if ((RESERVED[owner] ?? RESERVED.NeuronGroup!).has(name) || /^xi_/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, { detail: `'${name}' is a name Brian2 reserves`, hint: 'rename the variable' });
    }
    if (name.startsWith('_')) ctx.fail('equation-syntax', nameLoc, { detail: 'variable names must not start with an underscore', hint: 'rename the variable' });
    // Brian2 keeps units, functions and constants apart from variables (`mV`, `exp` or `pi` cannot be one).
    const clash = defaultUnit(name) ? 'a unit' : BRIAN2_FUNCTIONS.includes(name) ? 'a function' : BRIAN2_CONSTANTS.includes(name) ? 'a constant' : null;
    if (clash) ctx.fail('equation-syntax', nameLoc, { detail: `'${name}' is the name of ${clash} and cannot be a variable`, hint: 'rename the variable' });
    if (owner !== 'Synapses' && /_(pre|post)$/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, {
        detail: `'${name}' ends in _pre/_post, which only synaptic summed variables may do`,
        hint: 'rename the variable',
      });
    }
    if (kind === 'differential' && d.type !== 'float') {
      ctx.fail('equation-unit', d.ast.unit.loc, {
        detail: `the differential equation for '${name}' must have a physical unit, not ${d.type}`,
        hint: 'use a unit such as volt or 1',
      });
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
      if (f.name === 'linked' && flags.length > 1 && owner !== 'Synapses') {
        ctx.fail('equation-flag', f.loc, { flag: 'linked', where: 'together with other flags', allowed: "'linked' alone" });
      }
    }
    if (kind === 'subexpression' && flags.some((f) => f.name === 'summed') && !/_(pre|post)$/.test(name)) {
      ctx.fail('equation-syntax', nameLoc, {
        detail: `the summed variable '${name}' must end in _pre or _post to name its target`,
        hint: `write ${name}_post = ... : unit (summed)`,
      });
    }
  }
}

/** Resolve right-hand sides and check their units against the declarations. */
export function resolveEquations(decls: EquationDecl[], names: NameTable, ctx: BuildContext): EquationIR[] {
  const out: EquationIR[] = [];
  for (const d of decls) {
    const ir = ctx.attempt(() => {
      const { ast } = d;
      let expr: EquationIR['expr'] = null;
      if (ast.expr) {
        const resolver = new Resolver(ctx, { ...names, noise: noiseAllowed(ast), random: names.random });
        const r = resolver.resolve(ast.expr);
        const want = ast.kind === 'differential' ? divDim(d.dim, [0, 0, 1, 0, 0, 0, 0]) : d.dim;
        const isBoolean = d.type === 'boolean';
        if (isBoolean ? r.type !== 'boolean' && !isDimensionless(r.dim) : !sameDim(r.dim, want)) {
          ctx.fail('unit-mismatch', ast.expr.loc, {
            detail:
              ast.kind === 'differential'
                ? `the right-hand side of d${ast.name}/dt ${hasUnits(r.dim)}, but ${ast.name} ${isInUnits(d.dim)} so it needs ${formatDim(want)}`
                : `'${ast.name}' is declared in ${formatDim(d.dim)} but its expression ${hasUnits(r.dim)}`,
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
