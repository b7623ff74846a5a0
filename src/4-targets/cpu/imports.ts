// The import block of a generated engine module: only what its code uses (generated Python has no
// unused imports; ruff's F401 holds it). A module is rendered once without imports, its code is
// scanned for the local names it calls, and it is rendered again with the imports of those names.

/** Helpers of engine/runtime.py, imported under a leading-underscore name (model names never start with one). */
const RUNTIME_HELPERS = ['exprel', 'int_', 'load_data', 'propagator', 'shaped', 'timestep'];

const localName = (helper: string) => `_${helper.replace(/_$/, '')}`;

/** Whether the code uses `name` as a name of its own (not as part of a longer name or an attribute). */
function uses(code: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}\\b`).test(code);
}

/** The import lines for `code`, in groups (third-party, then the engine's own modules) separated by a blank line. */
export function importBlock(code: string): string {
  const third = [...(uses(code, '_math') ? ['import math as _math'] : []), ...(uses(code, '_np') ? ['import numpy as _np'] : [])];
  if (uses(code, '_stats')) third.push('import scipy.stats as _stats');
  const own: string[] = [];
  if (uses(code, '_ops')) own.push('from . import operations as _ops');
  if (uses(code, '_rt')) own.push('from . import runtime as _rt');
  if (uses(code, '_syn')) own.push('from . import synaptic as _syn');
  const helpers = RUNTIME_HELPERS.filter((h) => uses(code, localName(h)));
  if (helpers.length) own.push(`from .runtime import ${helpers.map((h) => `${h} as ${localName(h)}`).join(', ')}`);
  if (uses(code, '_Cable')) own.push('from .cable import Cable as _Cable');
  return [third, own]
    .filter((g) => g.length)
    .map((g) => g.join('\n'))
    .join('\n\n');
}

/** Render a module twice: without imports, then with those its code needs (`render(imports)`). */
export function withImports(render: (imports: string) => string): string {
  return render(importBlock(render('')));
}
