// Import statements and the modules the evaluator knows: brian2 (and its submodules), numpy, math,
// brian2lava, and plotting libraries (inert: every use does nothing). Other modules are bound to a
// value that explains itself if the model ever depends on it (analysis code after run() never does);
// calling into one that may act outside the model is refused (opaque-modules.ts).

import type { Loc, Stmt } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import type { Scope } from './scope.js';
import { brian2Member, brian2Module, brian2Names } from './brian2/module.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { numpyModule, numpyRandomModule, numpyMember } from './numpy.js';
import { builtin, memberOfModule, num, type Value } from './values.js';
import { opaqueMember, opaqueModule } from './opaque-modules.js';
import { ipythonModule, tqdmModule } from './output-modules.js';
import { BRIAN2TOOLS_PLOTTING, PYLAB_NAMES } from './pylab-names.js';
import { inertAttribute, subplots } from './figures.js';
import { prefsValue } from './brian2/prefs.js';
import { pythonModule } from './python-modules.js';
import { scipySpecialModule } from './scipy-special.js';
import { scipyModule, scipyStatsModule } from './scipy-stats.js';
import { argparseModule, osModule, sysModule } from './process-env.js';
import { concurrentFuturesModule, joblibModule, multiprocessingModule, pathosModule } from './parallel.js';
import { dimensionlessFn, unitFn, sqrtDim } from './numeric.js';
import { allUnitsModule, constantsModule, stdUnitsModule, unitsModule } from './brian2/units-modules.js';

const PLOTTING = /^(matplotlib|mpl_toolkits|cycler|pylab|seaborn|plotly|bokeh|brian2tools)(\.|$)/;

const MATH: Record<string, Value> = {
  pi: num(Math.PI),
  e: num(Math.E),
  inf: num(Infinity),
  nan: num(NaN),
  tau: num(2 * Math.PI),
  exp: builtin('exp', dimensionlessFn('exp', Math.exp)),
  log: builtin('log', dimensionlessFn('log', Math.log)),
  log10: builtin('log10', dimensionlessFn('log10', Math.log10)),
  sin: builtin('sin', dimensionlessFn('sin', Math.sin)),
  cos: builtin('cos', dimensionlessFn('cos', Math.cos)),
  tan: builtin('tan', dimensionlessFn('tan', Math.tan)),
  sqrt: builtin('sqrt', unitFn('sqrt', Math.sqrt, sqrtDim)),
  floor: builtin('floor', unitFn('floor', Math.floor, undefined, 'int')),
  ceil: builtin('ceil', unitFn('ceil', Math.ceil, undefined, 'int')),
  fabs: builtin('fabs', unitFn('abs', Math.abs)),
};

const mathModule: Value = { t: 'module', name: 'math', members: (n) => MATH[n] };

const brian2lavaModule: Value = { t: 'module', name: 'brian2lava', members: () => undefined };

function inertModule(name: string): Value {
  return { t: 'inert', what: `the plotting module ${name}` };
}

/** The module value for a dotted name, or null if unknown. */
/**
 * Brian2's subpackages whose public names are the ones `brian2` itself exports
 * (`from brian2.groups.neurongroup import NeuronGroup`); names are then looked up in brian2's namespace.
 */
const BRIAN2_PACKAGES =
  /^brian2\.(only|core|groups|synapses|monitors|input|equations|devices|codegen|stateupdaters|spatialneuron|parsing|utils|random|importexport|memory)(\.[A-Za-z_]\w*)*$/;

const BRIAN2_UNIT_MODULES: Record<string, Value> = {
  'brian2.units': unitsModule,
  'brian2.units.allunits': allUnitsModule,
  'brian2.units.stdunits': stdUnitsModule,
  'brian2.units.constants': constantsModule,
  'brian2.units.fundamentalunits': unitsModule,
  'brian2.numpy_': numpyModule,
};

/** Parallel dispatch of the script's functions, evaluated as a serial map (parallel.ts). */
const PARALLEL_MODULES: Record<string, Value> = {
  multiprocessing: multiprocessingModule,
  'multiprocessing.pool': multiprocessingModule,
  'concurrent.futures': concurrentFuturesModule,
  concurrent: { t: 'module', name: 'concurrent', members: (n) => (n === 'futures' ? concurrentFuturesModule : undefined) },
  joblib: joblibModule,
  'pathos.multiprocessing': pathosModule,
  'pathos.pools': pathosModule,
};

/** A module the evaluator provides (not plotting), or null. */
function knownModule(name: string): Value | null {
  if (name === 'brian2' || BRIAN2_PACKAGES.test(name)) return brian2Module;
  const unitModule = BRIAN2_UNIT_MODULES[name];
  if (unitModule) return unitModule;
  if (name === 'numpy') return numpyModule;
  if (name === 'numpy.random') return numpyRandomModule;
  if (name === 'math') return mathModule;
  if (name === 'brian2lava' || name.startsWith('brian2lava.')) return brian2lavaModule;
  if (name === 'argparse') return argparseModule;
  if (name === 'tqdm' || name.startsWith('tqdm.')) return tqdmModule;
  if (name === 'IPython' || name === 'IPython.display')
    return name === 'IPython' ? ipythonModule : (ipythonModule as Extract<Value, { t: 'module' }>).members('display')!;
  const parallel = PARALLEL_MODULES[name];
  if (parallel) return parallel;
  return null;
}

/** The module value for a dotted name, or a value that explains why it is not available. */
export function moduleFor(name: string, loc: Loc, ctx: EvalContext): Value {
  // The script's own process (one sys.argv, one os.environ per script).
  if (name === 'sys') return sysModule(ctx, loc);
  if (name === 'os') return osModule(ctx, loc);
  if (name === 'brian2' || BRIAN2_PACKAGES.test(name)) return brian2For(ctx, loc);
  const stdlib = pythonModule(name, loc, ctx);
  if (stdlib) return stdlib;
  const known = knownModule(name);
  if (known) return known;
  // scipy.stats' rvs() draws from numpy's global generator (scipy-stats.ts); the rest of scipy is opaque.
  if (name === 'scipy') return scipyModule(loc);
  if (name === 'scipy.stats') return scipyStatsModule(loc);
  if (name === 'scipy.special') return scipySpecialModule(loc);
  if (name.startsWith('brian2.')) {
    return ctx.fail('unknown-name', loc, { name, hint: "the converter knows brian2, brian2.units (allunits, stdunits, constants) and brian2's subpackages" });
  }
  const local = ctx.localModule?.(name, loc);
  if (local) return local;
  if (PLOTTING.test(name)) {
    notePlotting(name.split('.')[0]!, loc, ctx);
    return inertModule(name);
  }
  return opaqueModule(name, loc);
}

/** The script's `prefs` (one per script: it records what the script sets). */
function prefsFor(ctx: EvalContext): Value {
  ctx.prefs ??= prefsValue(ctx, new Map());
  return ctx.prefs;
}

/** brian2 (or a subpackage) as this script sees it: Brian2's names plus the script's own prefs. */
function brian2For(ctx: EvalContext, loc: Loc): Value {
  const star = brian2StarLookup(ctx, loc);
  return {
    t: 'module',
    name: 'brian2',
    members: (n) => (n === 'prefs' ? prefsFor(ctx) : (brian2Member(n) ?? (n === 'sys' || n === 'time' ? star(n) : undefined))),
  };
}

function notePlotting(what: string, loc: Loc, ctx: EvalContext): void {
  if (ctx.notedInert.has('plot')) return;
  ctx.notedInert.add('plot');
  ctx.note(`plotting with ${what} is skipped; 'brian2lava run' writes its own plots`, loc);
}

/** Names a star import of a plotting module brings (pyplot's and pylab's, brian2tools' plot functions). */
function plottingStarLookup(module: string): ((name: string) => Value | undefined) | null {
  const top = module.split('.')[0]!;
  if (top === 'matplotlib' || top === 'pylab') {
    return (n) =>
      n === 'subplots'
        ? builtin('subplots', subplots)
        : PYLAB_NAMES.has(n)
          ? { t: 'inert', what: `the plotting name ${n} (${module})` }
          : top === 'pylab'
            ? numpyMember(n)
            : undefined;
  }
  if (top === 'brian2tools') return (n) => (BRIAN2TOOLS_PLOTTING.has(n) ? { t: 'inert', what: `the plotting function ${n} (brian2tools)` } : undefined);
  return null;
}

function memberOf(module: Value, name: string): Value | undefined {
  if (module.t === 'module') return memberOfModule(module.members(name), module.name, name);
  if (module.t === 'inert') return inertAttribute(module, name);
  if (module.t === 'unknown') return opaqueMember(module, name);
  return undefined;
}

/**
 * The names `from brian2 import *` brings: Brian2's own, plus the modules Brian2's namespace carries
 * (`sys`, `time`, ...: brian2 imports them at its top level and the star import passes them on).
 */
function brian2StarLookup(ctx: EvalContext, loc: Loc): (name: string) => Value | undefined {
  return (name) => {
    const own = brian2Member(name);
    if (own !== undefined) return own;
    if (name === 'prefs') return prefsFor(ctx);
    if (name === 'sys') return sysModule(ctx, loc);
    if (name === 'time' || name === 'datetime' || name === 're' || name === 'functools' || name === 'inspect' || name === 'logging')
      return moduleFor(name, loc, ctx);
    if (PYLAB_NAMES.has(name)) {
      notePlotting(name === 'plt' || name === 'mpl' || name === 'matplotlib' ? name : 'pylab', loc, ctx);
      if (name === 'subplots') return builtin('subplots', subplots);
      return { t: 'inert', what: `the plotting name ${name} (matplotlib, which brian2 imports)` };
    }
    return undefined;
  };
}

export function importStatement(s: Extract<Stmt, { kind: 'Import' | 'ImportFrom' }>, scope: Scope, ctx: EvalContext): void {
  if (s.kind === 'Import') {
    for (const n of s.names) {
      const mod = moduleFor(n.name, n.loc, ctx);
      if (n.asname) scope.set(n.asname, mod);
      else {
        // `import numpy.random` binds `numpy`.
        const top = n.name.split('.')[0]!;
        scope.set(top, moduleFor(top, n.loc, ctx));
      }
    }
    return;
  }
  if (s.level > 0) ctx.fail('unsupported', s.loc, { what: 'relative imports', hint: 'keep the model in one script' });
  const mod = moduleFor(s.module, s.loc, ctx);
  for (const n of s.names) {
    if (n.name === '*') {
      if (mod.t === 'module' && mod.star) {
        // A module beside the script: its names become the script's own (Brian2 strings see them).
        for (const name of mod.star.names) scope.set(name, mod.members(name)!);
        scope.starImports.unshift(...mod.star.lookups);
      } else if (mod.t === 'module')
        scope.starImports.unshift({ module: s.module, lookup: s.module === 'brian2' ? brian2StarLookup(ctx, s.loc) : mod.members });
      else if (mod.t === 'inert') {
        const lookup = plottingStarLookup(s.module);
        if (lookup) scope.starImports.unshift({ module: s.module, lookup });
      }
      continue;
    }
    // `from numpy import random` / `from matplotlib import pyplot`: a submodule.
    let v = memberOf(mod, n.name);
    if (v === undefined) v = knownModule(`${s.module}.${n.name}`) ?? undefined;
    if (v === undefined) {
      const candidates = s.module === 'brian2' || s.module.startsWith('brian2.') ? brian2Names() : [];
      ctx.fail('unknown-name', n.loc, { name: n.name, hint: didYouMean(n.name, candidates, `the converter does not know '${n.name}' in ${s.module}`) });
    }
    scope.set(n.asname ?? n.name, v!);
  }
}

export { brian2Member, numpyMember };
