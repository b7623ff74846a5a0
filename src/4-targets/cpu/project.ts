// The cpu target's emitter: lowered model → the files of a Lava project (path → content). Writing
// them to disk is 4-emit/output.ts's job, so this stays a pure function that tests can call.

import type { LoweredModel, LSynapses } from '../../3-lower/lowered.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { buildGroupView } from './group-view.js';
import { buildPoissonGroupView, buildPoissonInputView, buildSpikeGeneratorView } from './input-views.js';
import { npyBytes } from '../../4-emit/npy.js';
import type { ProjectFiles } from '../../4-emit/output.js';
import { LAVA_VERSION, PYTHON_PACKAGES } from '../../4-emit/packages.js';
import { className, comment, NameAllocator } from '../../4-emit/python-names.js';
import type { LavaProtocol, TargetOptions } from '../target.js';
import { withImports } from './imports.js';
import { render, staticFile } from './render.js';
import { SETUP_SCRIPT, setupScript } from '../../4-emit/standalone.js';
import { arrayCode, buildSimulationView, type DataFile, type ObjectRef, type SimulationObjects } from './simulation-view.js';
import { buildSynapsesView } from './synapses-view.js';

const PROTOCOL_DOC: Record<LavaProtocol, string> = {
  async: "Lava's AsyncProtocol: it loops over the steps itself, so the per-step barrier of Lava's runtime is not paid",
  loihi: "Lava's LoihiProtocol: Lava drives every step in lockstep with its runtime",
};

function protocolView(name: LavaProtocol): { name: LavaProtocol; other: LavaProtocol; doc: string } {
  return { name, other: name === 'async' ? 'loihi' : 'async', doc: PROTOCOL_DOC[name] };
}

export function emitProject(model: LoweredModel, source: SourceFile, version: string, options: TargetOptions = {}): ProjectFiles {
  const files: ProjectFiles = new Map();
  const data: DataFile[] = [];
  const array = (values: number[], name: string, dtype: 'f8' | 'i8', shape?: number[]) => arrayCode(values, name, data, dtype, shape);
  // An engine module imports what its code uses, nothing else (imports.ts).
  const module = (template: string, context: object) => withImports((imports) => render(template, { ...context, imports }));
  // Module files are compared without case (two groups `G` and `g` must not share a file on macOS or
  // Windows); class names must not shadow the module-level names of simulation.py, which imports them.
  const modules = new NameAllocator(['runtime', 'synaptic', 'network', 'simulation', '__init__', 'data'], true);
  const classes = new NameAllocator(['Simulation', 'Constants', 'BrianNetwork', 'DT', 'TOTAL_STEPS', 'SEED', 'PRODUCER', 'os', 'time']);
  // Attributes of the Simulation object. Its own private ones and the monitors' (`_m_...`) start with an
  // underscore, so an object whose name does too gets a prefix.
  const attrs = new NameAllocator(['dt', 'step_index', 't', 'clocks', 'steps_done', 'rng', 'constants', 'timed_arrays', 'monitors', 'step', 'finish', 'seeds']);
  const objects: SimulationObjects = { groups: new Map(), synapses: new Map(), inputs: new Map() };
  /** Index of a clock in the simulation's `clocks` list (every object keeps its own). */
  const clockIndex = (id: string) => model.clocks.findIndex((c) => c.id === id);
  const docs: { module: string; doc: string }[] = [];
  const take = (id: string, pyName: string | null): ObjectRef => ({
    module: modules.take(id),
    className: classes.take(className(pyName ?? id)),
    attr: attrs.take(id.startsWith('_') ? `object${id}` : id),
  });

  for (const g of model.groups) objects.groups.set(g.id, take(g.id, g.pyName));
  // Linked variables read other groups through the simulation's attributes.
  const links = {
    groupAttrs: new Map([...objects.groups].map(([id, r]) => [id, r.attr])),
    groups: new Map(model.groups.map((g) => [g.id, g])),
    array: (values: number[], name: string) => array(values, name, 'i8'),
  };
  for (const g of model.groups) {
    const r = objects.groups.get(g.id)!;
    if (g.kind === 'NeuronGroup') {
      const view = buildGroupView(g, r.module, r.className, model.monitors, source, links, clockIndex(g.clock));
      files.set(`engine/${r.module}.py`, module('group.py.njk', { g: view }));
      docs.push({ module: r.module, doc: view.doc });
    } else {
      const view =
        g.kind === 'PoissonGroup'
          ? buildPoissonGroupView(g, r.module, r.className, source, array, clockIndex(g.clock))
          : buildSpikeGeneratorView(g, r.module, r.className, source, array, clockIndex(g.clock));
      files.set(`engine/${r.module}.py`, module('object.py.njk', { o: view }));
      docs.push({ module: r.module, doc: view.doc });
    }
  }
  const groupAttrs = new Map([...objects.groups].map(([id, r]) => [id, r.attr]));
  const groupsById = new Map(model.groups.map((g) => [g.id, g]));
  const synapsesById = new Map<string, LSynapses>();
  for (const s of model.synapses) {
    const r = take(s.id, s.pyName);
    const { view, calls } = buildSynapsesView(s, r.module, r.className, {
      groups: groupsById,
      synapses: synapsesById,
      groupAttrs,
      monitors: model.monitors,
      program: model.program,
      source,
      array,
      clockIndex,
    });
    objects.synapses.set(s.id, { ...r, calls });
    // Synapses on synapses read these through the simulation's attribute.
    synapsesById.set(s.id, s);
    groupAttrs.set(s.id, r.attr);
    files.set(`engine/${r.module}.py`, module('object.py.njk', { o: view }));
    docs.push({ module: r.module, doc: view.doc });
  }
  for (const p of model.poissonInputs) {
    const r = take(p.id, p.pyName);
    objects.inputs.set(p.id, r);
    const target = groupsById.get(p.target.group)!;
    if (target.kind !== 'NeuronGroup') throw new Error('PoissonInput into a group without variables');
    const view = buildPoissonInputView(p, r.module, r.className, target, groupAttrs.get(p.target.group)!, source);
    files.set(`engine/${r.module}.py`, module('object.py.njk', { o: view }));
    docs.push({ module: r.module, doc: view.doc });
  }

  const sim = buildSimulationView(model, objects, source, version, data);
  files.set('engine/simulation.py', module('simulation.py.njk', { s: sim }));
  if (sim.operations) files.set('engine/operations.py', module('operations.py.njk', { o: sim.operations.view }));
  const fileName = source.path.split(/[\\/]/).pop()!;
  files.set('lava_network/network.py', render('network.py.njk', { n: { doc: comment(`The converted network of ${fileName}.`), canStop: sim.canStop } }));
  files.set('engine/runtime.py', staticFile('runtime.py'));
  // The spike queues and connect helpers, shipped only to projects whose modules use them.
  if ([...files.values()].some((f) => typeof f === 'string' && f.includes('from . import synaptic as _syn')))
    files.set('engine/synaptic.py', staticFile('synaptic.py'));
  if (model.groups.some((g) => g.kind === 'NeuronGroup' && g.cable)) files.set('engine/cable.py', staticFile('cable.py'));
  files.set('engine/__init__.py', '"""The simulation engine of the converted model (plain numpy, no Lava)."""\n');
  files.set('lava_network/__init__.py', '"""The Lava process of the converted model (generated by brian2lava)."""\n');
  for (const d of data) files.set(`engine/data/${d.name}.npy`, npyBytes(d.values, d.dtype, d.shape));
  const title = fileName.replace(/\.py$/, '');
  files.set(
    'run.py',
    render('run.py.njk', { r: { doc: comment(`Converted from ${fileName} by brian2lava ${version}.`), protocol: options.protocol ?? 'async' } }),
  );
  files.set('requirements.txt', render('requirements.txt.njk', { py: '3.10 or 3.11', packages: PYTHON_PACKAGES }));
  files.set(SETUP_SCRIPT, setupScript());
  files.set(
    'README.md',
    render('README.md.njk', {
      title,
      version,
      source: fileName,
      sha: model.source.sha256.slice(0, 16),
      lava: LAVA_VERSION,
      groups: docs.map((g) => ({ module: g.module, doc: g.doc.replace(/\|/g, '/') })),
      data: data.length > 0,
      steps: model.totalSteps,
      dt: model.dt,
      protocol: protocolView(options.protocol ?? 'async'),
    }),
  );
  return files;
}
