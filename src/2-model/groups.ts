// NeuronGroup → IR: equations, threshold, reset, refractoriness and the requested method.

import type { Loc } from '../../grammars/ast.js';
import type { NeuronGroupObj, RunRegularlyObj, SpatialNeuronObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { diagnostic, didYouMean } from '../diagnostics/diagnostic.js';
import { formatDim, sameDim, SECOND } from '../units/dimension.js';
import { buildCondition, buildExpression, buildStatements } from './code.js';
import { declareEquations, resolveEquations, type EquationDecl, type EquationOwner } from './equations.js';
import type { BuildEnv } from './env.js';
import {
  INTEGRATION_METHODS,
  type EquationIR,
  type EventIR,
  type ExprIR,
  type NeuronGroupIR,
  type RefractoryIR,
  type RunRegularlyIR,
  type SlotIR,
} from './ir.js';
import { checkSlot } from './slots.js';
import { customEvents } from '../1-read/brian2/events.js';
import { nameTable, neuronSpecials, variableTable } from './names.js';
import { perNeuronPart, sharedMessage } from './shared.js';
import type { NameTable, VarInfo } from './resolve.js';
import type { BuildContext } from './context.js';

const METHODS: readonly string[] = INTEGRATION_METHODS;

/** What later builders (initialisations, monitors, synapses) need to know about a group. */
export interface GroupInfo {
  id: string;
  n: number;
  variables: Map<string, VarInfo>;
  /** Names that are model variables (not special names), with their equation kind. */
  kinds: Map<string, 'differential' | 'subexpression' | 'parameter' | 'internal'>;
  /** Explicit namespace (namespace= and Equations substitutions), null if none. */
  fixed: Map<string, Value> | null;
  /** Variables and subexpressions flagged (shared): one value for the group. */
  shared: Set<string>;
  /** Whether the group emits spikes (a NeuronGroup with a threshold, a PoissonGroup, a SpikeGeneratorGroup). */
  spikes: boolean;
  /** Its events: 'spike' when it spikes, then its custom events (pathways and EventMonitors name them). */
  events: string[];
  /** Parameters flagged (linked): read from another group, never written. */
  linked: Set<string>;
  /** Kind of object, for messages ('Synapses': synapses seen as the source/target of other synapses). */
  groupKind: 'NeuronGroup' | 'PoissonGroup' | 'SpikeGeneratorGroup' | 'SpatialNeuron' | 'Synapses';
}

/**
 * How another kind of neuron group builds on a NeuronGroup's equations (a SpatialNeuron: its flags,
 * implicit variables, and Brian2's rewrite of the membrane current; see spatial-neuron.ts).
 */
export interface NeuronVariant {
  owner: EquationOwner;
  /** The user's declarations plus the implicit ones. */
  declare(decls: EquationDecl[]): EquationDecl[];
  /** Names added after resolution (subexpressions the rewrite creates), visible to every string. */
  extraVariables: Record<string, VarInfo>;
  /** The resolved equations as the group will have them. */
  rewrite(equations: EquationIR[]): EquationIR[];
  /** The threshold as the group will test it. */
  threshold(t: ExprIR): ExprIR;
}

export function methodOf(
  v: { value: Value; loc: Loc } | undefined,
  env: BuildEnv,
): { name: string; span: ReturnType<BuildEnv['span']>; candidates?: string[] } | null {
  if (!v || v.value.t === 'none') return null;
  if ((v.value.t === 'list' || v.value.t === 'tuple') && v.value.items.length) {
    // Brian2 tries the methods of a list in order and takes the first that accepts the equations.
    const names = v.value.items.map((item) => methodOf({ value: item, loc: v.loc }, env)!.name);
    return { name: names.join(', '), span: env.span(v.loc), candidates: names };
  }
  if (v.value.t !== 'str') {
    return env.ctx.fail('type-error', v.loc, { detail: 'method must be the name of an integration method', hint: `one of ${METHODS.join(', ')}` });
  }
  const name = v.value.v;
  if (!METHODS.includes(name)) {
    if (name === 'independent' || name === 'gsl' || name.startsWith('gsl_')) {
      env.ctx.fail('unsupported', v.loc, { what: `the integration method '${name}'`, hint: `use one of ${METHODS.join(', ')}` });
    }
    env.ctx.fail('value-error', v.loc, { detail: `unknown integration method '${name}'`, hint: didYouMean(name, METHODS, `use one of ${METHODS.join(', ')}`) });
  }
  return { name: name === 'linear' ? 'exact' : name, span: env.span(v.loc) };
}

export function buildNeuronGroup(
  o: NeuronGroupObj | SpatialNeuronObj,
  env: BuildEnv,
  variant: NeuronVariant | null = null,
): { ir: NeuronGroupIR; info: GroupInfo } | null {
  const ctx = env.ctx;
  const modelArg = o.args.get('model')!;
  const parsed = ctx.attempt(() => declareEquations(modelArg.value, modelArg.loc, variant?.owner ?? 'NeuronGroup', ctx));
  if (!parsed) return null;
  const declared = variant ? { ...parsed, decls: ctx.attempt(() => variant.declare(parsed.decls)) } : parsed;
  if (!declared.decls) return null;
  const decls = declared.decls;
  const refArg = o.args.get('refractory');
  const hasRefractory = !!refArg && !(refArg.value.t === 'bool' && !refArg.value.v) && refArg.value.t !== 'none';
  const variables = variableTable(decls, { ...neuronSpecials(hasRefractory), ...variant?.extraVariables });
  const fixed = mergeFixed(o.explicitNamespace, declared.substituted);
  const { ns, runIndex } = env.namespaceFor(o);
  const names = nameTable(env, { variables, fixed, namespace: o.explicitNamespace ? new Map() : ns, runIndex, constants: 'symbol', random: true });

  for (const d of decls) {
    const flag = d.ast.flags.find((f) => f.name === 'unless refractory');
    if (flag && !hasRefractory) {
      // Brian2 only warns and integrates the equation as if the flag were absent.
      ctx.diagnostics.push(
        diagnostic(
          'flag-ignored',
          ctx.span(flag.loc),
          { flag: 'unless refractory', where: 'without refractory= in the NeuronGroup', hint: 'add refractory=... to the NeuronGroup, or remove the flag' },
          'warning',
        ),
      );
    }
  }
  const resolved = resolveEquations(decls, names, ctx);
  const equations = variant ? (ctx.attempt(() => variant.rewrite(resolved)) ?? resolved) : resolved;
  const shared = new Set(decls.filter((d) => d.ast.flags.some((f) => f.name === 'shared')).map((d) => d.ast.name));
  const linked = new Set(decls.filter((d) => d.ast.flags.some((f) => f.name === 'linked')).map((d) => d.ast.name));
  for (const eq of equations) {
    if (eq.kind !== 'subexpression' || !shared.has(eq.name) || !eq.expr) continue;
    // Brian2 makes this check before any link is set, so linked variables never count as per-neuron here.
    const part = perNeuronPart(eq.expr.ast, new Set([...shared, ...linked]), 'subexpression');
    if (part) ctx.attempt(() => ctx.fail('equation-syntax', eq.expr!.span, sharedMessage(eq.name, part)));
  }
  const kinds = new Map<string, GroupInfo['kinds'] extends Map<string, infer K> ? K : never>();
  for (const d of decls) kinds.set(d.ast.name, d.ast.kind);
  for (const name of Object.keys(variant?.extraVariables ?? {})) kinds.set(name, 'subexpression');
  if (hasRefractory) {
    kinds.set('lastspike', 'internal');
    kinds.set('not_refractory', 'internal');
  }

  // `events={'spike': cond}` without threshold= is the spike event, gated by refractoriness like a threshold.
  const declaredEvents = customEvents(o.args, ctx);
  const spikeEvent = declaredEvents.find((e) => e.name === 'spike');
  const thresholdArg =
    o.args.get('threshold') && o.args.get('threshold')!.value.t !== 'none'
      ? o.args.get('threshold')
      : spikeEvent
        ? { value: spikeEvent.condition, loc: spikeEvent.loc }
        : undefined;
  const built =
    thresholdArg && thresholdArg.value.t !== 'none'
      ? ctx.attempt(() => buildCondition(thresholdArg.value, thresholdArg.loc, names, ctx, 'the threshold'))
      : null;
  const threshold = built && variant ? variant.threshold(built) : built;

  const resetArg = o.args.get('reset') ?? spikeCodeArg(o);
  const writable = (name: string): { info: VarInfo } | string => {
    const info = variables.get(name);
    const kind = kinds.get(name);
    if (!info || !kind) return `'${name}' is not a variable of this group`;
    if (kind === 'subexpression') return `'${name}' is a subexpression; assign to the variables it is computed from`;
    if (kind === 'internal') return `'${name}' is managed by Brian2's refractoriness`;
    if (linked.has(name)) return `'${name}' is a linked variable; the converter does not write through links (write the variable it is linked to)`;
    return { info };
  };
  // The reset runs per neuron: Brian2 does not let it write a shared variable.
  const resetWritable = (name: string) =>
    shared.has(name) ? `'${name}' is shared (one value for the group) and the reset runs for each spiking neuron` : writable(name);
  const reset =
    resetArg && resetArg.value.t !== 'none' ? ctx.attempt(() => buildStatements(resetArg.value, resetArg.loc, names, ctx, 'the reset', resetWritable)) : [];
  if (reset && reset.length && !threshold && !thresholdArg) {
    ctx.attempt(() =>
      ctx.fail('value-error', resetArg!.loc, { detail: 'a reset without a threshold never runs', hint: 'add threshold=... or remove the reset' }),
    );
  }

  const refractory = hasRefractory ? ctx.attempt(() => buildRefractory(refArg!, names, env)) : null;
  const method = ctx.attempt(() => methodOf(o.args.get('method'), env));
  const spikeCode = o.eventCode.find((c) => c.event === 'spike');
  const spikeSchedule = {
    threshold: ctx.attempt(() => thresholderSlotOf(o, 'spike', ctx)) ?? { when: 'thresholds', order: 0 },
    reset: spikeCode
      ? (ctx.attempt(() => ({ when: checkSlot(spikeCode.when, spikeCode.loc, ctx), order: spikeCode.order ?? 0 })) ?? { when: 'after_resets', order: 0 })
      : { when: 'resets', order: 0 },
  };
  const events: EventIR[] = [];
  for (const e of declaredEvents) {
    if (e.name === 'spike') continue;
    const built = ctx.attempt((): EventIR => {
      const condition = buildCondition(e.condition, e.loc, names, ctx, `the condition of event '${e.name}'`);
      const code = o.eventCode.find((c) => c.event === e.name);
      const statements = code ? buildStatements(code.code, code.codeLoc, names, ctx, `the code of event '${e.name}'`, resetWritable) : null;
      return {
        name: e.name,
        condition,
        threshold: thresholderSlotOf(o, e.name, ctx),
        code: statements,
        reset: code ? { when: checkSlot(code.when, code.loc, ctx), order: code.order ?? 0 } : { when: 'after_resets', order: 0 },
        span: ctx.span(e.loc),
      };
    });
    if (built) events.push(built);
  }

  const ir: NeuronGroupIR = {
    kind: 'NeuronGroup',
    id: o.name,
    pyName: o.pyName,
    n: o.n,
    span: ctx.span(o.loc),
    equations,
    threshold,
    reset: reset ?? [],
    spikeSchedule,
    events,
    links: [],
    refractory,
    method,
    runRegularly: [],
    clock: o.clock.name,
  };
  for (const rr of o.runRegularly) {
    const built = ctx.attempt(() => buildRunRegularly(rr, names, writable, shared, ctx));
    if (built) ir.runRegularly.push(built);
  }
  return {
    ir,
    info: {
      id: o.name,
      n: o.n,
      variables,
      kinds,
      fixed,
      shared,
      spikes: ir.threshold !== null,
      linked,
      events: [...(ir.threshold ? ['spike'] : []), ...events.map((e) => e.name)],
      groupKind: 'NeuronGroup',
    },
  };
}

/** `run_on_event('spike', code)` in place of reset= (Brian2 then runs it in after_resets by default). */
function spikeCodeArg(o: NeuronGroupObj | SpatialNeuronObj): { value: Value; loc: Loc } | undefined {
  const c = o.eventCode.find((x) => x.event === 'spike');
  return c ? { value: c.code, loc: c.codeLoc } : undefined;
}

/** Where an event's thresholder runs: the last set_event_schedule() for it, else Brian2's default. */
function thresholderSlotOf(o: NeuronGroupObj | SpatialNeuronObj, event: string, ctx: BuildEnv['ctx']): SlotIR {
  const moved = [...o.eventSchedule].reverse().find((s) => s.event === event);
  if (moved) return { when: checkSlot(moved.when, moved.loc, ctx), order: moved.order ?? 0 };
  return { when: event === 'spike' ? 'thresholds' : 'after_thresholds', order: 0 };
}

function mergeFixed(a: Map<string, Value> | null, b: Map<string, Value>): Map<string, Value> | null {
  if (!a && !b.size) return null;
  return new Map([...(a ?? []), ...b]);
}

function buildRefractory(arg: { value: Value; loc: Loc }, names: ReturnType<typeof nameTable>, env: BuildEnv): RefractoryIR {
  const ctx = env.ctx;
  const v = arg.value;
  if (v.t === 'num') {
    if (!sameDim(v.dim, SECOND))
      ctx.fail('unit-mismatch', arg.loc, { detail: `refractory must be a time, not ${formatDim(v.dim)}`, hint: 'e.g. refractory=2*ms' });
    return { kind: 'time', seconds: v.v, span: ctx.span(arg.loc) };
  }
  if (v.t === 'str') {
    // Brian2 evaluates the expression in every state update; rand() is allowed (e.g. '(1 + rand())*ms').
    const e = buildExpression(v, names, ctx, 'the refractory condition');
    if (e.type === 'boolean') return { kind: 'condition', expr: { code: e.code, ast: e.ast, dim: e.dim, span: e.span } };
    if (!sameDim(e.dim, SECOND)) {
      ctx.fail('unit-mismatch', arg.loc, {
        detail: `a refractory expression must give a time or a condition, not ${formatDim(e.dim)}`,
        hint: "e.g. refractory='2*ms + tau_ref' or refractory='v > -40*mV'",
      });
    }
    return { kind: 'expression', expr: { code: e.code, ast: e.ast, dim: e.dim, span: e.span } };
  }
  return ctx.fail('type-error', arg.loc, { detail: 'refractory must be a time or a string', hint: "e.g. refractory=2*ms or refractory='v > -40*mV'" });
}

/** One `run_regularly(code, dt=..., when=...)` of a group (NeuronGroup, SpatialNeuron, PoissonGroup). */
export function buildRunRegularly(
  rr: RunRegularlyObj,
  names: NameTable,
  writable: (name: string) => { info: VarInfo } | string,
  shared: ReadonlySet<string>,
  ctx: BuildContext,
): RunRegularlyIR {
  const code = buildStatements(rr.code, rr.loc, names, ctx, 'the run_regularly code', writable);
  for (const st of code) {
    const part = shared.has(st.target) ? perNeuronPart(st.value.ast, shared) : null;
    if (part) ctx.fail('code-error', st.value.span, sharedMessage(st.target, part));
  }
  if (
    ![
      'start',
      'groups',
      'thresholds',
      'synapses',
      'resets',
      'end',
      'before_groups',
      'after_groups',
      'before_start',
      'after_start',
      'before_thresholds',
      'after_thresholds',
      'before_synapses',
      'after_synapses',
      'before_resets',
      'after_resets',
      'before_end',
      'after_end',
    ].includes(rr.when)
  ) {
    ctx.fail('value-error', rr.loc, { detail: `unknown schedule slot '${rr.when}'`, hint: 'use start, groups, thresholds, synapses, resets or end' });
  }
  return { code, clock: rr.clock.name, when: rr.when, ...(rr.subgroup ? { subgroup: rr.subgroup } : {}), span: ctx.span(rr.loc) };
}
