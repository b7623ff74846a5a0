// The names `from brian2 import *` brings into a script: Brian2's classes and functions, every unit,
// and (as in Brian2, which re-exports them) numpy's functions and numpy.random's rand/randn/seed.

import { starUnit } from '../../units/table.js';
import { brian2NumpyMember, numpyModule, numpyRandomModule } from '../numpy.js';
import { pythonBuiltin } from '../builtins.js';
import { builtin, NONE, num, type Value } from '../values.js';
import type { NetworkObj } from './objects.js';
import { DEFAULT_CLOCK } from './default-clock.js';
import * as C from './constructors.js';
import { checkUnits } from './check-units.js';
import { bindArgs } from '../calls.js';
import { asNumeric } from '../operators.js';
import { unitsModule } from './units-modules.js';
import { MORPHOLOGY_NAMES } from './morphology.js';
import { SpatialNeuron } from './spatial-neuron.js';
import { linkedVar } from './links.js';
import { NetworkOperation, networkOperation } from './network-operation.js';
import { Clock } from './clocks.js';

/**
 * Brian2's device: building and configuring it does not change the model (inert), but
 * `device.run(run_args=...)` runs a standalone build again with other values, which the converted
 * project cannot do: refused, so it is never silently left out.
 */
const deviceObject: Value = {
  t: 'module',
  name: 'device',
  members: (name) =>
    name === 'run'
      ? builtin('run', (args, ctx) =>
          ctx.fail('unsupported', args.loc, {
            what: 'device.run() (running a standalone build again, with run_args)',
            hint: 'write one run() per parameter set, or set the values with G.tau = ... before run()',
          }),
        )
      : { t: 'inert', what: "Brian2's device object" },
};

/** Brian2's magic network: what run(), store() and restore() use (2-model/networks.ts collects its objects). */
const magicNetwork: NetworkObj = {
  kind: 'Network',
  name: 'magic_network',
  pyName: 'magic_network',
  loc: { start: 0, end: 0 },
  explicitNamespace: null,
  members: [],
  additions: [],
};

const FUNCTIONS: Record<string, Value> = {
  NeuronGroup: builtin('NeuronGroup', C.NeuronGroup),
  Synapses: builtin('Synapses', C.Synapses),
  PoissonGroup: builtin('PoissonGroup', C.PoissonGroup),
  SpikeGeneratorGroup: builtin('SpikeGeneratorGroup', C.SpikeGeneratorGroup),
  PoissonInput: builtin('PoissonInput', C.PoissonInput),
  TimedArray: builtin('TimedArray', C.TimedArray),
  SpikeMonitor: builtin('SpikeMonitor', C.SpikeMonitor),
  StateMonitor: builtin('StateMonitor', C.StateMonitor),
  PopulationRateMonitor: builtin('PopulationRateMonitor', C.PopulationRateMonitor),
  EventMonitor: builtin('EventMonitor', C.EventMonitor),
  linked_var: builtin('linked_var', linkedVar),
  Equations: builtin('Equations', C.Equations),
  Network: builtin('Network', C.Network),
  collect: builtin('collect', C.collect),
  run: builtin('run', C.runAction(null)),
  store: builtin('store', C.storeRestore('store', null)),
  restore: builtin('restore', C.storeRestore('restore', null)),
  seed: builtin('seed', C.seed),
  set_device: builtin('set_device', C.setDevice),
  start_scope: builtin('start_scope', C.startScope),
  defaultclock: { t: 'object', obj: DEFAULT_CLOCK },
  // prefs is made per script (modules.ts: brian2For), since the script sets it.
  magic_network: { t: 'object', obj: magicNetwork },
  codegen: { t: 'inert', what: "Brian2's code generation package (its attributes choose nothing about the model)" },
  device: deviceObject,
  BrianLogger: { t: 'inert', what: "Brian2's logger" },
  profiling_summary: { t: 'inert', what: "Brian2's profiling summary" },
  network_operation: networkOperation,
  NetworkOperation: builtin('NetworkOperation', NetworkOperation),
  // stop() outside a running simulation changes nothing: Brian2 clears the flag when the next run starts.
  stop: builtin('stop', () => NONE),
  SpatialNeuron: builtin('SpatialNeuron', SpatialNeuron),
  ...MORPHOLOGY_NAMES,
  Function: C.unsupportedFunction('Function', 'user-defined functions in equations need Python code; use a TimedArray or write the formula inline'),
  implementation: C.unsupportedFunction('implementation', 'user-defined functions in equations need Python code; write the formula inline'),
  check_units: builtin('check_units', checkUnits),
  BinomialFunction: C.unsupportedFunction('BinomialFunction', 'use PoissonInput or rand() in a Brian2 string'),
  Clock: builtin('Clock', Clock),
  // Quantity(x): x with its units (a list of quantities becomes an array, as Brian2 does).
  Quantity: builtin('Quantity', (args, ctx) => {
    const b = bindArgs('Quantity', ['arr', 'dim', 'dtype', 'copy', 'force_quantity'], args, ctx, { required: ['arr'] });
    const dim = b.get('dim');
    if (dim && dim.t !== 'none') ctx.fail('unsupported', b.loc('dim'), { what: 'Quantity(..., dim=...)', hint: 'multiply by a unit instead, e.g. values*mV' });
    const v = b.get('arr')!;
    if (v.t === 'list' || v.t === 'tuple') {
      // Values known only after a run (monitor data) stay so.
      const unknown = v.items.find((x) => x.t === 'unknown');
      if (unknown) return unknown;
      const n = asNumeric(v);
      if (n) return { t: 'array', a: n.a, dim: n.dim };
    }
    return v;
  }),
  get_device: builtin('get_device', () => deviceObject),
  np: numpyModule,
  numpy: numpyModule,
};

const CONSTANTS: Record<string, Value> = {
  pi: num(Math.PI),
  e: num(Math.E),
  inf: num(Infinity),
};

/** Names `from brian2 import *` binds to Python's builtins (numpy's would take an axis instead). */
const PYTHON_BUILTINS = new Set(['max', 'min', 'abs', 'round', 'pow', 'bool']);

export function brian2Member(name: string): Value | undefined {
  const f = FUNCTIONS[name];
  if (f) return f;
  const c = CONSTANTS[name];
  if (c) return c;
  const u = starUnit(name);
  if (u) return num(u.scale, u.dim);
  if (name === 'units') return unitsModule;
  // Brian2 re-exports numpy.random's functions (rand, randn, ...) but its own seed().
  if (numpyRandomModule.t === 'module' && name !== 'seed') {
    const r = numpyRandomModule.members(name);
    if (r) return r;
  }
  // numpy's star export leaves out the names of Python's builtins: these are Python's.
  if (PYTHON_BUILTINS.has(name)) return pythonBuiltin(name);
  return brian2NumpyMember(name);
}

/** Brian2's classes and functions and the common units, for "did you mean" hints. */
export function brian2Names(): string[] {
  return [...Object.keys(FUNCTIONS), 'ms', 'mV', 'nA', 'pA', 'nS', 'pF', 'Hz', 'second', 'volt', 'amp', 'siemens', 'farad', 'ohm', 'metre', 'meter'];
}

export const brian2Module: Value = { t: 'module', name: 'brian2', members: brian2Member };
