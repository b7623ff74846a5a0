// What Loihi 2's neurons cannot compute, found in the model IR before any fixed-point work, so the
// refusal names the term as written and points at its line. A neuron program has adds, multiplies,
// shifts and comparisons on its registers; values known before a run (constants, parameters) and
// functions of time alone (computed by the host and streamed in) may use anything.

import type { ExprIR, NeuronGroupIR, StatementIR } from '../../../2-model/ir.js';
import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { SourceFile, Span } from '../../../diagnostics/source.js';
import { children, type SExpr } from '../../../symbolic/expr.js';
import { printExpr } from '../../../symbolic/print.js';

const RANDOM = new Set(['rand', 'randn', 'poisson']);

/** Names whose values change during a run: state variables, variables written by code, and subexpressions of them. */
export function dynamicNames(g: NeuronGroupIR): Set<string> {
  const dyn = new Set<string>(g.equations.filter((e) => e.kind === 'differential').map((e) => e.name));
  for (const s of g.reset) dyn.add(s.target);
  for (const rr of g.runRegularly) for (const s of rr.code) dyn.add(s.target);
  if (g.refractory) {
    dyn.add('not_refractory');
    dyn.add('lastspike');
  }
  const subs = g.equations.filter((e) => e.kind === 'subexpression' && e.expr);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of subs) {
      if (!dyn.has(e.name) && mentionsAny(e.expr!.ast, dyn)) {
        dyn.add(e.name);
        changed = true;
      }
    }
  }
  return dyn;
}

function mentionsAny(e: SExpr, names: Set<string>): boolean {
  if (e.k === 'sym') return e.role === 'var' && !e.side && names.has(e.name);
  return children(e).some((c) => mentionsAny(c, names));
}

/** Changes from step to step without being state: t, functions of t, and white noise (drawn for every step). */
function timeDependent(e: SExpr, timeSubs: Set<string>): boolean {
  if (e.k === 'sym')
    return (e.role === 'special' && (e.name === 't' || e.name === 't_in_timesteps')) || (e.role === 'var' && timeSubs.has(e.name)) || e.role === 'noise';
  return children(e).some((c) => timeDependent(c, timeSubs));
}

interface Problem {
  term: SExpr;
  /** Text to look for in the source to narrow the span (a function name with its parenthesis). */
  needle: string | null;
  why: string;
  hint: string;
}

/** Every term of `e` that a neuron program cannot compute. */
function problems(e: SExpr, dyn: Set<string>, timeSubs: Set<string>): Problem[] {
  const out: Problem[] = [];
  const isDyn = (x: SExpr) => mentionsAny(x, dyn);
  const stateOf = (x: SExpr): string => {
    const found: string[] = [];
    const walk = (y: SExpr) => {
      if (y.k === 'sym' && y.role === 'var' && dyn.has(y.name) && !found.includes(y.name)) found.push(y.name);
      children(y).forEach(walk);
    };
    walk(x);
    return found.join(', ');
  };
  const visit = (x: SExpr): void => {
    // White noise (xi) is drawn at conversion time, one number per neuron and step, and streamed from
    // the host as an additive input (statics.ts); noise that multiplies the state is refused below.
    if (x.k === 'sym' && x.role === 'noise') return;
    if (x.k === 'call') {
      if (RANDOM.has(x.fn)) {
        out.push({
          term: x,
          needle: `${x.fn}(`,
          why: 'random numbers cannot be reproduced by the fixed-point model',
          hint: 'use --backend cpu for stochastic models',
        });
        return;
      }
      if (x.args.some(isDyn)) {
        const fn = x.fn.startsWith('timedarray:') ? 'a TimedArray' : `${x.fn}()`;
        out.push({
          term: x,
          needle: x.fn.startsWith('timedarray:') ? null : `${x.fn}(`,
          why: `${fn} of the state variable ${stateOf(x)} needs a function unit; Loihi 2's neurons compute only sums, products, shifts and comparisons`,
          hint: 'use --backend cpu, or replace the function by a polynomial or piecewise-linear form of the state',
        });
        return;
      }
      return; // a function of constants or of time only: computed on the host
    }
    if (x.k === 'bin') {
      if ((x.op === '/' || x.op === '%' || x.op === '//') && isDyn(x.b)) {
        // A function of the state inside the divisor is the first thing to fix: report it instead.
        const before = out.length;
        visit(x.a);
        visit(x.b);
        if (out.length > before) return;
        out.push({
          term: x,
          needle: null,
          why: `division by ${printExpr(x.b)}, which depends on the state variable ${stateOf(x.b)}, has no fixed-point form (Loihi 2's neurons do not divide)`,
          hint: 'use --backend cpu, or rewrite the equation without dividing by a state variable',
        });
        return;
      }
      if ((x.op === '%' || x.op === '//') && isDyn(x.a)) {
        out.push({
          term: x,
          needle: null,
          why: `the ${x.op === '%' ? 'remainder' : 'floor division'} of a state variable has no fixed-point form`,
          hint: 'use --backend cpu',
        });
        return;
      }
      if (x.op === '**' && isDyn(x.a) && !(x.b.k === 'num' && Number.isInteger(x.b.v) && x.b.v >= 0 && x.b.v <= 4)) {
        out.push({
          term: x,
          needle: null,
          why: `the power ${printExpr(x.b)} of a state variable is not a small whole number, so it is not a product of registers`,
          hint: 'use --backend cpu, or write the power as a product',
        });
        return;
      }
      if (x.op === '*' && ((isDyn(x.a) && timeDependent(x.b, timeSubs)) || (isDyn(x.b) && timeDependent(x.a, timeSubs)))) {
        out.push({
          term: x,
          needle: null,
          why: 'a state variable multiplied by a value that changes with time (a function of t, or noise) needs a time-varying multiplier; the host can only stream additive inputs',
          hint: 'use --backend cpu',
        });
        return;
      }
      if (x.op === '**' && isDyn(x.b)) {
        out.push({ term: x, needle: null, why: 'a power with a state variable in the exponent needs a function unit', hint: 'use --backend cpu' });
        return;
      }
    }
    children(x).forEach(visit);
  };
  visit(e);
  return out;
}

/** The span of `needle` (a call extends to its closing parenthesis) inside `span`, or `span` itself. */
export function narrow(source: SourceFile, span: Span, needle: string | null): Span {
  if (!needle) return span;
  const text = source.text.slice(span.start, span.end);
  const at = text.indexOf(needle);
  if (at < 0) return span;
  let end = at + needle.length;
  if (needle.endsWith('(')) {
    let depth = 1;
    while (end < text.length && depth > 0) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')') depth--;
      end++;
    }
  }
  return source.span(span.start + at, span.start + end);
}

/** Located refusals for everything in the group that a neuron program cannot compute. */
export function checkRepresentable(g: NeuronGroupIR, source: SourceFile): Diagnostic[] {
  const dyn = dynamicNames(g);
  const timeSubs = new Set<string>();
  const subs = g.equations.filter((e) => e.kind === 'subexpression' && e.expr);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of subs)
      if (!timeSubs.has(e.name) && timeDependent(e.expr!.ast, timeSubs)) {
        timeSubs.add(e.name);
        changed = true;
      }
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const check = (expr: ExprIR | null, span: Span | null) => {
    if (!expr) return;
    for (const p of problems(expr.ast, dyn, timeSubs)) {
      const at = narrow(source, span ?? expr.span, p.needle);
      const key = `${at.start}:${at.end}:${p.why}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = source.text.slice(at.start, at.end).replace(/\s+/g, ' ').trim();
      const term = text && at !== expr.span && text.length <= 60 ? text : printExpr(p.term);
      out.push(diagnostic('fixed-point', at, { detail: `'${term}' cannot be represented on Loihi 2: ${p.why}`, hint: p.hint }));
    }
  };
  for (const e of g.equations) check(e.expr, null);
  check(g.threshold, null);
  const statements = (ss: StatementIR[]) => ss.forEach((s) => check(s.value, null));
  statements(g.reset);
  for (const rr of g.runRegularly) statements(rr.code);
  if (g.refractory && g.refractory.kind !== 'time') check(g.refractory.expr, null);
  return out;
}
