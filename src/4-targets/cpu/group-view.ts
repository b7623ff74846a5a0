// The view of one neuron group's module: its arrays and one method per piece of per-step work, each
// as ready Python lines. The template only lays them out.

import type { LMonitor, LNeuronGroup, LStmt } from '../../3-lower/lowered.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { formatDim } from '../../units/dimension.js';
import { sym } from '../../symbolic/expr.js';
import { bindings, body, statementLines, type BodyOptions } from './body.js';
import { lineMarker, marked } from './markers.js';
import { numpy } from './numpy-printer.js';
import { comment, pyIdent } from '../../4-emit/python-names.js';
import { pythonNumber } from '../../symbolic/print.js';
import { linkParts, type LinkContext } from './links.js';
import type { MethodView } from './method-view.js';

export type { MethodView };

export interface GroupView {
  module: string;
  className: string;
  doc: string;
  n: number;
  /** Index of its clock in the simulation's `clocks` (its t and dt). */
  clock: number;
  /** What the n elements are: neurons, or a SpatialNeuron's compartments. */
  elements: string;
  variables: { name: string; init: string; comment: string }[];
  /** Further lines of the constructor (a SpatialNeuron's cable solver with its topology). */
  init: string[];
  methods: MethodView[];
}

function initialArray(n: number, dtype: string, initial: number, shared: boolean): string {
  const np = dtype === 'bool' ? '_np.bool_' : dtype === 'int' ? '_np.int64' : '_np.float64';
  const value = dtype === 'bool' ? (initial ? 'True' : 'False') : dtype === 'int' ? String(Math.trunc(initial)) : pythonNumber(initial);
  if (shared) return `_np.array(${value}, dtype=${np})`;
  if (initial === 0 && dtype !== 'bool') return `_np.zeros(${n}, dtype=${np})`;
  return `_np.full(${n}, ${value}, dtype=${np})`;
}

/**
 * The attribute that holds the elements of a group's latest check of an event: `spikes` for Brian2's
 * spike event, `_event_<name>` for a custom one (event names are identifiers; model names cannot start
 * with '_', so these never clash with variables).
 */
export function eventAttr(event: string): string {
  return event === 'spike' ? 'spikes' : `_event_${event}`;
}

/** Methods of a custom event: its thresholder and its code. */
export function eventMethods(event: string): { threshold: string; code: string } {
  return { threshold: `_threshold_${event}`, code: `_on_${event}` };
}

export function buildGroupView(
  g: LNeuronGroup,
  module: string,
  cls: string,
  monitors: LMonitor[],
  source: SourceFile,
  links: Omit<LinkContext, 'count' | 'n'>,
  clock: number,
): GroupView {
  const hoisted = new Set<string>();
  for (const h of g.hoisted) {
    if (h.kind === 'assign') hoisted.add(h.name);
    else for (const n of [...h.A.flat(), ...h.Phi.flat()]) hoisted.add(n);
  }
  const full: BodyOptions = { group: g, owner: 'self', subset: false, hoisted };
  const subset: BodyOptions = { ...full, subset: true };
  const methods: MethodView[] = [];
  const orPass = (lines: string[]) => (lines.length ? lines : ['pass']);

  // Values fixed for a run segment (propagators of exact integration).
  const hoistLines: string[] = [];
  const hoistExprs = g.hoisted.flatMap((h) => (h.kind === 'assign' ? [h.expr] : h.M.flat()));
  hoistLines.push(...bindings([], hoistExprs, full).filter((l) => !l.startsWith('dt =')));
  if (g.hoisted.length) hoistLines.unshift('dt = self._clock.dt');
  for (const h of g.hoisted) {
    if (h.kind === 'assign') hoistLines.push(`self.${pyIdent(h.name)} = ${numpy(h.expr)}`);
    else {
      const m = h.M.map((row) => `[${row.map(numpy).join(', ')}]`).join(', ');
      hoistLines.push(`_A, _Phi = _propagator([${m}], dt)`);
      h.A.forEach((row, r) => row.forEach((name, c) => hoistLines.push(`self.${pyIdent(name)} = _A[${r}][${c}]`)));
      h.Phi.forEach((row, r) => row.forEach((name, c) => hoistLines.push(`self.${pyIdent(name)} = _Phi[${r}][${c}]`)));
    }
  }
  if (g.cable) hoistLines.push('self._cable.prepare(self.area, self.r_length_1, self.r_length_2, self.Cm, self.Ri, self._clock.dt)');
  // Brian2 empties every event space when a run ends: code scheduled before its thresholder sees no
  // events of the previous run.
  for (const e of g.events) hoistLines.push(`self.${eventAttr(e.name)} = _np.zeros(0, dtype=_np.int64)`);
  if (g.threshold) hoistLines.push('self.spikes = _np.zeros(0, dtype=_np.int64)');
  methods.push({
    signature: 'start_segment(self)',
    doc: 'Values that stay fixed during a run segment (recomputed after every change between runs); no events yet.',
    lines: orPass(hoistLines),
  });

  if (g.constantOverDt.length) {
    methods.push({
      signature: 'before_start(self, t)',
      doc: '(constant over dt) subexpressions, once per step before the start slot.',
      lines: body(g.constantOverDt, full),
    });
  }
  methods.push({
    signature: 'update(self, t)',
    doc: `State update (groups slot): ${comment(g.method.name)} integration${g.update.some((s) => s.target === 'not_refractory') ? ', after the refractoriness bookkeeping' : ''}.`,
    lines: orPass(body(g.update, full)),
  });
  const cable = g.cable ? cableParts(g, full) : null;
  if (cable) methods.push(cable.method);

  if (g.threshold) {
    const lines = [...bindings([], [g.threshold], full), `_cond = ${numpy(g.threshold)}`, `self.spikes = _np.flatnonzero(_shaped(_cond, (${g.n},)))`];
    if (g.onSpike.length) {
      lines.push('_idx = self.spikes', 'if len(_idx):');
      lines.push(...body(g.onSpike, subset).map((l) => `    ${l}`));
    }
    methods.push({ signature: 'threshold(self, t)', doc: "Thresholds slot: find the spiking neurons (stamped with this step's t).", lines });
  }
  if (g.threshold && g.reset.length) {
    methods.push({
      signature: 'reset(self, t)',
      doc: 'Resets slot: the reset code for the neurons that spiked in this step.',
      lines: ['_idx = self.spikes', 'if not len(_idx):', '    return', ...body(g.reset, subset)],
    });
  }
  for (const e of g.events) {
    methods.push({
      signature: `${eventMethods(e.name).threshold}(self, t)`,
      doc: `Event '${comment(e.name)}' (${comment(e.threshold.when)} slot): the elements where its condition holds (no refractoriness).`,
      lines: [...bindings([], [e.condition], full), `_cond = ${numpy(e.condition)}`, `self.${eventAttr(e.name)} = _np.flatnonzero(_shaped(_cond, (${g.n},)))`],
    });
    if (e.code.length) {
      methods.push({
        signature: `${eventMethods(e.name).code}(self, t)`,
        doc: `Code of event '${comment(e.name)}' (${comment(e.reset.when)} slot) for the elements of its last check.`,
        lines: [`_idx = self.${eventAttr(e.name)}`, 'if not len(_idx):', '    return', ...body(e.code, subset)],
      });
    }
  }
  g.runRegularly.forEach((rr, k) => {
    const doc = `run_regularly code (${comment(rr.when)} slot${rr.clock === g.clock ? '' : `, when the clock ${comment(rr.clock)} ticks`})`;
    const sub = rr.subgroup;
    if (!sub) {
      methods.push({ signature: `run_regularly_${k}(self, t)`, doc: `${doc}.`, lines: orPass(body(rr.statements, full)) });
      return;
    }
    // On a subgroup: its neurons only, with i and N of the subgroup (Brian2's relative indices).
    const opts: BodyOptions = { ...subset, indexExpr: `_idx - ${sub.start}`, sizeExpr: String(sub.stop - sub.start) };
    methods.push({
      signature: `run_regularly_${k}(self, t)`,
      doc: `${doc} on the subgroup ${comment(sub.name)} (neurons ${sub.start} to ${sub.stop - 1}).`,
      lines: [`_idx = _np.arange(${sub.start}, ${sub.stop})`, ...body(rr.statements, opts)],
    });
  });
  for (const m of monitors) {
    if (m.kind !== 'StateMonitor' || m.source.group !== g.id) continue;
    const exprs = m.recorded.map((r) => r.expr);
    const lines = [...bindings([], exprs, subset), `return [${exprs.map((e) => `_shaped(${numpy(e)}, _idx.shape)`).join(', ')}]`];
    methods.push({ signature: `sample_${pyIdent(m.id)}(self, _idx, t)`, doc: `Values recorded by the StateMonitor ${comment(m.pyName ?? m.id)}.`, lines });
  }

  const linked = linkParts(g.variables, { ...links, count: String(g.n), n: g.n }, module);
  methods.push(...linked.methods);

  const line = source.position(g.span.start).line;
  // Every method names the script line it comes from: a Python error in it is reported at that line.
  const origin = lineMarker(source, g.span);
  return {
    module,
    className: cls,
    n: g.n,
    clock,
    elements: g.cable ? 'compartments' : 'neurons',
    doc: `${g.cable ? 'SpatialNeuron' : 'NeuronGroup'} '${comment(g.id)}'${g.pyName ? ` (${comment(g.pyName)} in the script, line ${line})` : ` (line ${line})`}: ${g.n} ${g.cable ? 'compartments' : 'neurons'}, method '${comment(g.method.name)}'.`,
    // Linked variables are properties of the class (links.ts), not arrays of their own.
    variables: g.variables
      .filter((v) => v.origin !== 'linked')
      .map((v) => ({
        name: pyIdent(v.name),
        init: initialArray(g.n, v.dtype, v.initial, v.shared),
        comment: `${v.origin}${v.shared ? ', shared' : ''}, ${v.dtype === 'bool' ? 'boolean' : v.dtype === 'int' ? 'integer' : formatDim(v.dim)}`,
      })),
    init: [
      ...(cable?.init ?? []),
      ...linked.init,
      ...g.events.map((e) => `self.${eventAttr(e.name)} = _np.zeros(0, dtype=_np.int64)  # elements of event '${comment(e.name)}' at its last check`),
    ],
    methods: marked(methods, () => origin),
  };
}

/**
 * A SpatialNeuron's cable solver (engine/cable.py): built with the morphology's topology, prepared when
 * a segment starts, and run after the state update with gtot and I0 evaluated on the updated state.
 */
function cableParts(g: LNeuronGroup, full: BodyOptions): { init: string[]; method: MethodView } {
  const c = g.cable!;
  const m = c.morphology;
  // One integer per section (a few per branch point): written inline.
  const ints = (values: number[]) => `_np.array([${values.join(', ')}], dtype=_np.int64)`;
  const names = m.names.map((n) => (n === '' ? '(root)' : comment(n)));
  const init = [
    `# Sections, numbered depth-first: ${names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ')}.`,
    `self._cable = _Cable(${g.n}, ${ints(m.starts)}, ${ints(m.ends)}, ${ints(m.parent)},`,
    `                     ${ints(m.idxchild)}, ${ints(m.childrenNum)}, ${ints(m.children)})`,
  ];
  const lines = [
    ...bindings([], [c.gtot, c.I0], full),
    `_gtot = ${numpy(c.gtot)}`,
    `_I0 = ${numpy(c.I0)}`,
    'self._cable.step(self.v, self.Ic, self.Cm, _gtot, _I0, self._clock.dt)',
  ];
  return {
    init,
    method: {
      signature: 'cable(self, t)',
      doc: "Groups slot, after the state update (Brian2's spatialstateupdater): the cable equation advances v and Ic.",
      lines,
    },
  };
}

export { statementLines, sym };
export type { LStmt };
