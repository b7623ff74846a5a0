// Synapses → IR: model equations (clock-driven, event-driven, summed), pathways (on_pre/on_post, as
// strings or dicts, with their delays), names resolved as Brian2 resolves them in synaptic code, and the
// checks Brian2 makes when it creates the object.

import type { Loc } from '../../grammars/ast.js';
import { groupSlice, type SynapsesObj } from '../1-read/brian2/objects.js';
import { eventOfPathway } from '../1-read/brian2/constructors.js';
import type { Value } from '../1-read/values.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';
import type { BuildContext } from './context.js';
import { symbols, sym, type SExpr } from '../symbolic/expr.js';
import { formatDim, sameDim, SECOND } from '../units/dimension.js';
import { buildStatements } from './code.js';
import { declareEquations, noisySubexpressions, resolveEquations, type EquationDecl } from './equations.js';
import type { BuildEnv } from './env.js';
import { methodOf, type GroupInfo } from './groups.js';
import type { EquationIR, GroupRef, PathwayIR, StatementIR, SynapsesIR } from './ir.js';
import { nameTable } from './names.js';
import type { NameTable, VarInfo } from './resolve.js';
import { SYNAPTIC_SPECIALS, synapticNames, variablesOf, type SynapticName } from './synaptic-names.js';
import { DIMENSIONLESS } from '../units/dimension.js';

/** What later builders (connect, initialisations, monitors) need to know about a Synapses object. */
export interface SynapsesInfo {
  id: string;
  pyName: string | null;
  source: GroupRef;
  target: GroupRef;
  sourceInfo: GroupInfo;
  targetInfo: GroupInfo;
  /** Every name synaptic code can use. */
  table: Map<string, SynapticName>;
  /** Own variables with their equation kind ('internal' for lastupdate). */
  kinds: Map<string, 'differential' | 'subexpression' | 'parameter' | 'internal'>;
  fixed: Map<string, Value> | null;
  /** Own parameters flagged (linked). */
  linked: Set<string>;
  /** Own variables and subexpressions flagged (shared). */
  shared: Set<string>;
  /**
   * Brian2's `Synapses.equations`: clock-driven differential equations, parameters and subexpressions (not
   * event-driven or summed ones), what StateMonitor(S, True) records.
   */
  continuous: string[];
  /** Pathways by name, and whether each has one delay for all synapses (given to the constructor). */
  pathways: Map<string, { trigger: 'pre' | 'post'; scalarDelay: boolean }>;
}

const EVENT = 'event-driven';
const CLOCK = 'clock-driven';

function groupRef(g: SynapsesObj['source']): GroupRef {
  if (g.kind === 'Synapses') return { group: g.name, start: 0, stop: 0, synapses: true };
  const s = groupSlice(g);
  const ref: GroupRef = { group: s.group.name, start: s.start, stop: s.stop };
  if (g.kind === 'Subgroup') ref.subgroup = true;
  return ref;
}

/** The synapses' own variables as seen by code: equations (summed ones excepted) and lastupdate. */
function ownVariables(decls: EquationDecl[], hasLastupdate: boolean): { vars: Map<string, VarInfo>; kinds: SynapsesInfo['kinds'] } {
  const vars = new Map<string, VarInfo>();
  const kinds: SynapsesInfo['kinds'] = new Map();
  const noisy = noisySubexpressions(decls);
  for (const d of decls) {
    if (d.ast.flags.some((f) => f.name === 'summed')) continue;
    const noise = noisy.get(d.ast.name);
    vars.set(d.ast.name, { sym: sym(d.ast.name), dim: d.dim, type: d.type, ...(noise ? { noise } : {}) });
    kinds.set(d.ast.name, d.ast.kind);
  }
  if (hasLastupdate) {
    vars.set('lastupdate', { sym: sym('lastupdate'), dim: SECOND, type: 'float' });
    kinds.set('lastupdate', 'internal');
  }
  return { vars, kinds };
}

/** Brian2's checks on the declarations of a Synapses model (beyond those shared with NeuronGroup). */
function checkSynapticDeclarations(decls: EquationDecl[], sourceInfo: GroupInfo, targetInfo: GroupInfo, env: BuildEnv): void {
  const ctx = env.ctx;
  for (const d of decls) {
    const flags = d.ast.flags.map((f) => f.name);
    const flagLoc = (n: string) => d.ast.flags.find((f) => f.name === n)!.loc;
    if (flags.includes(EVENT) && flags.includes(CLOCK)) {
      ctx.fail('equation-flag', flagLoc(CLOCK), { flag: CLOCK, where: `together with '${EVENT}'`, allowed: `one of '${EVENT}' or '${CLOCK}'` });
    }
    if (flags.includes('summed') && flags.length > 1) {
      const other = flags.find((f) => f !== 'summed')!;
      ctx.fail('equation-flag', flagLoc(other), { flag: other, where: "together with 'summed'", allowed: "'summed' alone" });
    }
    if (flags.includes('constant over dt')) {
      ctx.fail('unsupported', flagLoc('constant over dt'), {
        what: "'constant over dt' subexpressions in Synapses",
        hint: 'compute the value in the neuron group, or drop the flag',
      });
    }
    const name = d.ast.name;
    if (!flags.includes('summed') && /_(pre|post)$/.test(name)) {
      ctx.fail('equation-syntax', d.ast.nameLoc, {
        detail: `'${name}' cannot be a variable name: the _pre and _post suffixes refer to pre- and postsynaptic variables`,
        hint: 'rename the variable',
      });
    }
    if (name === 'lastupdate')
      ctx.fail('equation-syntax', d.ast.nameLoc, { detail: "'lastupdate' is a name Brian2 reserves in Synapses", hint: 'rename the variable' });
    if (!flags.includes('summed')) {
      for (const [g, side] of [
        [sourceInfo, 'pre'],
        [targetInfo, 'post'],
      ] as const) {
        if (g.variables.has(name)) {
          ctx.fail('equation-syntax', d.ast.nameLoc, {
            detail: `the ${side === 'pre' ? 'presynaptic' : 'postsynaptic'} variable '${name}' has the same name as a synaptic variable`,
            hint: `rename the synaptic variable (for example to '${name}_syn')`,
          });
        }
      }
    }
  }
}

/** Names of equations `e` depends on (directly or through subexpressions). */
function dependencies(e: SExpr, subexpressions: Map<string, SExpr>, seen = new Set<string>()): Set<string> {
  for (const s of symbols(e).values()) {
    if (s.role !== 'var' || s.side || seen.has(s.name)) continue;
    seen.add(s.name);
    const sub = subexpressions.get(s.name);
    if (sub) dependencies(sub, subexpressions, seen);
  }
  return seen;
}

/** Event-driven and clock-driven (or summed) equations must not depend on each other's variables. */
function checkEventClockSeparation(equations: EquationIR[], env: BuildEnv): void {
  const subs = new Map(equations.filter((e) => e.kind === 'subexpression' && !e.flags.includes('summed') && e.expr).map((e) => [e.name, e.expr!.ast]));
  const eventVars = new Set(equations.filter((e) => e.kind === 'differential' && e.flags.includes(EVENT)).map((e) => e.name));
  const clockVars = new Set(equations.filter((e) => e.kind === 'differential' && !e.flags.includes(EVENT)).map((e) => e.name));
  for (const eq of equations) {
    if (!eq.expr) continue;
    const summed = eq.flags.includes('summed');
    if (eq.kind !== 'differential' && !summed) continue;
    const isEvent = eq.kind === 'differential' && eq.flags.includes(EVENT);
    const forbidden = isEvent ? clockVars : eventVars;
    const hit = [...dependencies(eq.expr.ast, subs)].find((n) => forbidden.has(n));
    if (hit) {
      const kind = isEvent ? 'event-driven variable' : summed ? 'summed variable' : 'clock-driven variable';
      env.ctx.fail(
        'equation-syntax',
        { start: eq.span.start, end: eq.span.end },
        {
          detail: `the ${kind} '${eq.name}' should not depend on the ${isEvent ? 'clock-driven' : 'event-driven'} variable '${hit}'`,
          hint: isEvent ? 'make both equations event-driven, or both clock-driven' : 'make the equations it depends on clock-driven',
        },
      );
    }
  }
}

/** Summed variables: a parameter of the target (or source) group with the same units, written once. */
function checkSummed(equations: EquationIR[], sourceInfo: GroupInfo, targetInfo: GroupInfo, env: BuildEnv): void {
  const seen = new Set<string>();
  for (const eq of equations) {
    if (!eq.flags.includes('summed')) continue;
    const side = eq.name.endsWith('_pre') ? 'pre' : 'post';
    const g = side === 'pre' ? sourceInfo : targetInfo;
    const orig = eq.name.slice(0, side === 'pre' ? -4 : -5);
    const loc = { start: eq.span.start, end: eq.span.end };
    const kind = g.kinds.get(orig);
    if (kind !== 'parameter') {
      env.ctx.fail('equation-syntax', loc, {
        detail: `the summed variable '${eq.name}' needs a parameter '${orig}' in the ${side === 'pre' ? 'source' : 'target'} group${kind ? ` ('${orig}' is a ${kind === 'internal' ? 'variable managed by Brian2' : kind})` : ''}`,
        hint: `declare '${orig} : ${eq.unitText}' in the equations of ${g.id}`,
      });
    }
    if (g.shared.has(orig)) {
      env.ctx.fail('unsupported', loc, { what: `a summed variable into the shared variable '${orig}'`, hint: 'sum into a per-neuron parameter' });
    }
    const target = g.variables.get(orig)!;
    if (!sameDim(target.dim, eq.dim)) {
      env.ctx.fail('unit-mismatch', loc, {
        detail: `the summed variable '${eq.name}' is in ${formatDim(eq.dim)} but '${orig}' is in ${formatDim(target.dim)}`,
        hint: 'summed variables need the same units in Synapses and the target group',
      });
    }
    if (seen.has(eq.name))
      env.ctx.fail('equation-syntax', loc, {
        detail: `the target variable '${orig}' is already updated by another summed variable`,
        hint: 'use one summed variable per target variable',
      });
    seen.add(eq.name);
  }
}

interface PathwaySpec {
  name: string;
  trigger: 'pre' | 'post';
  /** The event that triggers it (on_event=; checked against the group's events by the reader). */
  event: string;
  code: Value;
  loc: Loc;
}

/** on_pre / on_post (or the deprecated pre / post): a code string or a dict of named pathways. */
function pathwaySpecs(o: SynapsesObj, env: BuildEnv): PathwaySpec[] {
  const ctx = env.ctx;
  const out: PathwaySpec[] = [];
  for (const trigger of ['pre', 'post'] as const) {
    const a = o.args.get(`on_${trigger}`);
    const old = o.args.get(trigger);
    if (a && old && a.value.t !== 'none' && old.value.t !== 'none') {
      ctx.fail('value-error', old.loc, { detail: `cannot give both '${trigger}' and 'on_${trigger}'`, hint: `'${trigger}' is deprecated: keep on_${trigger}` });
    }
    const arg = a && a.value.t !== 'none' ? a : old && old.value.t !== 'none' ? old : null;
    if (!arg) continue;
    const v = arg.value;
    if (v.t === 'str') {
      if (v.v.trim()) out.push({ name: trigger, trigger, event: eventOfPathway(o.args.get('on_event')?.value, trigger), code: v, loc: arg.loc });
    } else if (v.t === 'dict') {
      v.keys.forEach((k, idx) => {
        if (k.t !== 'str')
          ctx.fail('type-error', arg.loc, { detail: `the keys of on_${trigger} must be pathway names (strings)`, hint: "e.g. on_pre={'fast': 'v += w'}" });
        const name = (k as Extract<Value, { t: 'str' }>).v;
        out.push({ name, trigger, event: eventOfPathway(o.args.get('on_event')?.value, name), code: v.values[idx]!, loc: arg.loc });
      });
    } else {
      ctx.fail('type-error', arg.loc, { detail: `on_${trigger} must be a code string or a dict of them`, hint: "e.g. on_pre='v_post += w'" });
    }
  }
  const names = new Set<string>();
  for (const p of out) {
    if (names.has(p.name)) ctx.fail('value-error', p.loc, { detail: `two pathways are named '${p.name}'`, hint: 'give each pathway its own name' });
    if (['connect', 'delay', 'source', 'target', 'N', 'i', 'j', 'name'].includes(p.name))
      ctx.fail('value-error', p.loc, {
        detail: `a pathway cannot be named '${p.name}', the synapses already have an attribute of that name`,
        hint: 'choose another name',
      });
    names.add(p.name);
  }
  return out;
}

/** delay=: one delay for the 'pre' pathway, or a dict of delays per pathway. */
function pathwayDelays(o: SynapsesObj, specs: PathwaySpec[], env: BuildEnv): Map<string, number> {
  const ctx = env.ctx;
  const a = o.args.get('delay');
  const out = new Map<string, number>();
  if (!a || a.value.t === 'none') return out;
  const one = (v: Value, name: string) => {
    if (v.t !== 'num' || !sameDim(v.dim, SECOND)) {
      ctx.fail('unit-mismatch', a.loc, {
        detail: `the delay of pathway '${name}' must be a time${v.t === 'num' ? `, not ${formatDim(v.dim)}` : ''}`,
        hint: 'e.g. delay=2*ms',
      });
    }
    const d = (v as Extract<Value, { t: 'num' }>).v;
    if (d < 0) ctx.fail('value-error', a.loc, { detail: 'delays cannot be negative', hint: 'give a delay of 0 or more' });
    out.set(name, d);
  };
  if (a.value.t === 'dict') {
    const dict = a.value;
    dict.keys.forEach((k, idx) => {
      const name = k.t === 'str' ? k.v : '?';
      one(dict.values[idx]!, name);
    });
  } else one(a.value, 'pre');
  for (const name of out.keys()) {
    if (!specs.some((p) => p.name === name)) {
      ctx.fail('value-error', a.loc, {
        detail: `cannot set the delay for pathway '${name}': unknown pathway`,
        hint: specs.length ? `the pathways are: ${specs.map((p) => p.name).join(', ')}` : 'add on_pre=... first',
      });
    }
  }
  return out;
}

/** Which names synaptic code may assign, and what they are. */
export function synapticWritable(table: Map<string, SynapticName>, linked?: ReadonlySet<string>) {
  return (name: string): { info: VarInfo; side: StatementIR['side'] } | string => {
    const n = table.get(name);
    if (!n) return `'${name}' is not a variable of the synapses or of the connected groups`;
    if (n.owner === 'special') return `'${name}' is a name Brian2 manages`;
    if (n.owner === 'syn') {
      const info = n.info;
      if (linked?.has(name)) return `'${name}' is a linked variable; the converter does not write through links (write the variable it is linked to)`;
      return { info, side: 'syn' };
    }
    if (n.linked) return `'${name}' is a linked variable of the ${n.owner === 'pre' ? 'source' : 'target'} group; the converter does not write through links`;
    if (n.kind === 'subexpression')
      return `'${name}' is a subexpression of the ${n.owner === 'pre' ? 'source' : 'target'} group; assign to the variables it is computed from`;
    if (n.kind === 'internal') return `'${name}' is managed by Brian2's refractoriness`;
    if (n.shared)
      return `'${name}' is a shared variable of the ${n.owner === 'pre' ? 'source' : 'target'} group; the converter does not write shared variables from synapses`;
    return { info: n.info, side: n.owner };
  };
}

/**
 * A Synapses object seen as the source or target of other synapses (Brian2's synapses on synapses): its
 * elements are its synapses; code there reads its variables per synapse (`w_pre`), its `i`, `j` (the
 * neurons of each synapse) and `lastupdate`; it emits no events. `N` (its number of synapses) is shared.
 */
export function synapsesAsGroup(info: SynapsesInfo): GroupInfo {
  const variables = new Map<string, VarInfo>();
  const kinds: GroupInfo['kinds'] = new Map();
  for (const [name, n] of info.table) {
    if (n.owner !== 'syn') continue;
    variables.set(name, n.info);
    kinds.set(name, info.kinds.get(name) ?? 'internal');
  }
  const int: VarInfo['type'] = 'integer';
  for (const name of ['i', 'j', 'N']) {
    variables.set(name, { sym: sym(name), dim: DIMENSIONLESS, type: int });
    kinds.set(name, 'internal');
  }
  for (const name of ['t', 'dt', 't_in_timesteps']) variables.set(name, SYNAPTIC_SPECIALS[name]!);
  const shared = new Set([...info.shared, 'N']);
  return { id: info.id, n: 0, variables, kinds, fixed: info.fixed, shared, spikes: false, events: [], linked: info.linked, groupKind: 'Synapses' };
}

/** The GroupInfo of a Synapses source/target (a group, or synapses built earlier). */
function endInfo(ref: GroupRef, infos: Map<string, GroupInfo>, synInfos: Map<string, SynapsesInfo>): GroupInfo | undefined {
  if (!ref.synapses) return infos.get(ref.group);
  const s = synInfos.get(ref.group);
  return s ? synapsesAsGroup(s) : undefined;
}

export function buildSynapses(
  o: SynapsesObj,
  env: BuildEnv,
  infos: Map<string, GroupInfo>,
  synInfos: Map<string, SynapsesInfo> = new Map(),
): { ir: SynapsesIR; info: SynapsesInfo } | null {
  const ctx = env.ctx;
  const connectArg = o.args.get('connect');
  if (connectArg && connectArg.value.t !== 'none' && !(connectArg.value.t === 'bool' && !connectArg.value.v)) {
    ctx.fail('value-error', connectArg.loc, {
      detail: 'the connect keyword argument is no longer supported by Brian2',
      hint: 'call S.connect(...) after creating the synapses',
    });
  }
  const source = groupRef(o.source);
  const target = groupRef(o.target);
  const sourceInfo = endInfo(source, infos, synInfos);
  const targetInfo = endInfo(target, infos, synInfos);
  if (!sourceInfo || !targetInfo) return null;

  const modelArg = o.args.get('model');
  const declared = modelArg ? declareEquations(modelArg.value, modelArg.loc, 'Synapses', ctx) : { decls: [], substituted: new Map<string, Value>() };
  checkSynapticDeclarations(declared.decls, sourceInfo, targetInfo, env);
  const hasLastupdate = declared.decls.some((d) => d.ast.kind === 'differential' && d.ast.flags.some((f) => f.name === EVENT));
  const own = ownVariables(declared.decls, hasLastupdate);
  const table = synapticNames(own.vars, sourceInfo, targetInfo);
  const fixed = o.explicitNamespace || declared.substituted.size ? new Map([...(o.explicitNamespace ?? []), ...declared.substituted]) : null;
  const { ns, runIndex } = env.namespaceFor(o);
  const names: NameTable = nameTable(env, {
    variables: variablesOf(table),
    fixed,
    namespace: o.explicitNamespace ? new Map() : ns,
    runIndex,
    constants: 'symbol',
    random: true,
  });

  const equations = resolveEquations(declared.decls, names, ctx);
  for (const e of equations) if (e.expr) ctx.attempt(() => refuseDelayRead(e.expr!.ast, e.expr!.span, ctx));
  if (equations.length === declared.decls.length) {
    ctx.attempt(() => checkSummed(equations, sourceInfo, targetInfo, env));
    ctx.attempt(() => checkEventClockSeparation(equations, env));
  }

  const specs = pathwaySpecs(o, env);
  const delays = pathwayDelays(o, specs, env);
  const writable = synapticWritable(table, new Set(declared.decls.filter((d) => d.ast.flags.some((f) => f.name === 'linked')).map((d) => d.ast.name)));
  const pathways: PathwayIR[] = [];
  for (const p of specs) {
    const trig = p.trigger === 'pre' ? sourceInfo : targetInfo;
    if (!trig.events.includes(p.event) && trig.groupKind === 'Synapses') {
      const side = p.trigger === 'pre' ? 'source' : 'target';
      ctx.attempt(() =>
        ctx.fail('value-error', p.loc, {
          detail: `the ${side} '${trig.id}' of on_${p.trigger} is a Synapses object, which defines no event '${p.event}' (Brian2's ValueError): synapses on synapses read and write its variables, they are not triggered by it`,
          hint: `trigger the pathway from a group, or use a summed variable ('x_post = y_pre : 1 (summed)')`,
        }),
      );
      continue;
    }
    if (!trig.events.includes(p.event)) {
      ctx.attempt(() =>
        ctx.fail('value-error', p.loc, {
          detail:
            p.event === 'spike'
              ? `the ${p.trigger === 'pre' ? 'source' : 'target'} group '${trig.id}' of on_${p.trigger} never spikes`
              : `the ${p.trigger === 'pre' ? 'source' : 'target'} group '${trig.id}' does not define an event '${p.event}'`,
          hint: p.event === 'spike' ? 'did you forget to set a threshold?' : `define it with events={'${p.event}': '...'} in the group`,
        }),
      );
      continue;
    }
    const built = ctx.attempt(() => {
      const stmts = buildStatements(p.code, p.loc, names, ctx, `the on_${p.trigger} code`, writable);
      for (const st of stmts) refuseDelayRead(st.value.ast, st.value.span, ctx);
      return stmts;
    });
    // Targets of pre/post variables are named as in their group (`v_post` → v).
    const code = built?.map((st) => (st.side === 'pre' || st.side === 'post' ? { ...st, target: table.get(st.target)!.name } : st));
    if (code) pathways.push({ name: p.name, trigger: p.trigger, event: p.event, code, delay: delays.get(p.name) ?? null, span: ctx.span(p.loc) });
  }

  const method = ctx.attempt(() => methodOf(o.args.get('method'), env));
  const summedSchedule = ctx.attempt(() => summedScheduleOf(o, equations, env));
  const ir: SynapsesIR = {
    kind: 'Synapses',
    id: o.name,
    pyName: o.pyName,
    clock: o.clock.name,
    source,
    target,
    equations,
    pathways,
    hasLastupdate,
    links: [],
    method,
    ...(summedSchedule ? { summedSchedule } : {}),
    span: ctx.span(o.loc),
  };
  const info: SynapsesInfo = {
    id: o.name,
    pyName: o.pyName,
    source,
    target,
    sourceInfo,
    targetInfo,
    table,
    kinds: own.kinds,
    fixed,
    linked: new Set(declared.decls.filter((d) => d.ast.flags.some((f) => f.name === 'linked')).map((d) => d.ast.name)),
    shared: new Set(declared.decls.filter((d) => d.ast.flags.some((f) => f.name === 'shared')).map((d) => d.ast.name)),
    continuous: declared.decls.filter((d) => !d.ast.flags.some((f) => f.name === EVENT || f.name === 'summed')).map((d) => d.ast.name),
    pathways: new Map(specs.map((p) => [p.name, { trigger: p.trigger, scalarDelay: delays.has(p.name) }])),
  };
  return { ir, info };
}

/** "did you mean" for a name that is not a variable of the synapses. */
export function synapticHint(name: string, info: SynapsesInfo): string {
  const own = [...info.kinds.keys()];
  return didYouMean(name, own, `its variables are: ${own.join(', ') || 'none'}`);
}

/** Multiple summed variables may not write the same variable of overlapping groups (Brian2's network check). */
export function checkSummedTargets(all: SynapsesIR[], env: BuildEnv): void {
  const seen: { group: string; variable: string; start: number; stop: number; by: string }[] = [];
  for (const s of all) {
    for (const eq of s.equations) {
      if (!eq.flags.includes('summed')) continue;
      const side = eq.name.endsWith('_pre') ? 'pre' : 'post';
      const ref = side === 'pre' ? s.source : s.target;
      const variable = eq.name.slice(0, side === 'pre' ? -4 : -5);
      // Synapses (as targets of summed variables) are always whole.
      const clash = seen.find((x) => x.group === ref.group && x.variable === variable && (!!ref.synapses || (ref.start < x.stop && x.start < ref.stop)));
      if (clash) {
        env.ctx.attempt(() =>
          env.ctx.fail(
            'unsupported',
            { start: eq.span.start, end: eq.span.end },
            {
              what: `two summed variables writing '${variable}' of overlapping parts of '${ref.group}' (also written by ${clash.by})`,
              hint: 'use a separate variable in the target group for each summed variable',
            },
          ),
        );
      }
      seen.push({ group: ref.group, variable, start: ref.start, stop: ref.stop, by: s.pyName ?? s.id });
    }
  }
}

/** Brian2's schedule slots (and the automatic before_/after_ ones). */
const SLOTS = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'].flatMap((s) => [`before_${s}`, s, `after_${s}`]);

/** `S.summed_updaters['x_post'].when/.order` as the script set them, checked against the equations. */
function summedScheduleOf(o: SynapsesObj, equations: EquationIR[], env: BuildEnv): SynapsesIR['summedSchedule'] | null {
  if (!o.summedSchedule?.size) return null;
  const out: NonNullable<SynapsesIR['summedSchedule']> = {};
  for (const [name, entry] of o.summedSchedule) {
    const loc = entry.when?.loc ?? entry.order!.loc;
    const summed = equations.filter((e) => e.flags.includes('summed')).map((e) => e.name);
    if (!summed.includes(name)) {
      env.ctx.fail('value-error', loc, {
        detail: `'${name}' is not a summed variable of ${o.pyName ?? o.name}`,
        hint: didYouMean(name, summed, summed.length ? `its summed variables are: ${summed.join(', ')}` : 'it has no summed variables'),
      });
    }
    const when = entry.when?.value ?? 'groups';
    if (!SLOTS.includes(when))
      env.ctx.fail('value-error', entry.when!.loc, {
        detail: `unknown schedule slot '${when}'`,
        hint: didYouMean(when, SLOTS, 'use start, groups, thresholds, synapses, resets or end, or before_/after_ one of them'),
      });
    out[name] = { when, order: entry.order?.value ?? null };
  }
  return out;
}

/** Reading the synapses' own delay inside their code or equations is not converted (Brian2 allows it). */
function refuseDelayRead(ast: SExpr, span: Span, ctx: BuildContext): void {
  for (const x of symbols(ast).values()) {
    if (x.role === 'special' && x.name === 'delay') {
      ctx.fail(
        'unsupported',
        { start: span.start, end: span.end },
        {
          what: "reading the synapses' delay in their code",
          hint: 'use the delay value directly (a constant of the script), or delay_post for a target variable called delay',
        },
      );
    }
  }
}
