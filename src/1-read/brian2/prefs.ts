// Brian2's preferences (`prefs.codegen.target = 'numpy'`, `prefs['core.default_float_dtype'] = ...`).
// Most only choose how Brian2 generates, compiles and logs its code: the results are the same up to
// floating-point rounding, so setting them changes nothing in the converted model (inert). The few that
// change what is computed are accepted only with the value the converted project reproduces; any
// other preference name is refused, as Brian2 refuses names it does not know.

import type { Loc } from '../../../grammars/ast.js';
import type { EvalContext } from '../context.js';
import { describe, NONE, builtin, type Value } from '../values.js';
import { displayValue } from '../operators.js';

/** Preferences (and groups of them) that choose code generation, compilation, devices or logging. */
const INERT =
  /^(codegen\.(target|string_expression_target|synapse_connect_target|loop_invariant_optimisations|max_cache_dir_size)|codegen\.(runtime|cpp|generators|cython)\.|devices\.|logging\.|core\.(stop_on_keyboard_interrupt|outdated_dependency_error))/;

/** Brian2's default schedule (core.network.default_schedule). */
const DEFAULT_SCHEDULE = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'];

/** Preferences that change what is computed: the value the converted project reproduces. */
function checkSemantic(path: string, v: Value): string | null {
  switch (path) {
    case 'core.default_float_dtype': {
      const name = v.t === 'builtin' ? v.name : v.t === 'str' ? v.v : '';
      return name === 'float64' || name === 'float' || name === 'double'
        ? null
        : 'the converted project computes in float64 (Brian2 with float32 rounds every step differently)';
    }
    case 'core.default_integer_dtype': {
      const name = v.t === 'builtin' ? v.name : v.t === 'str' ? v.v : '';
      return name === 'int32' ? null : "the converted project uses int32 integers, Brian2's default";
    }
    case 'legacy.refractory_timing':
      return v.t === 'bool' && !v.v ? null : "the converted project uses Brian2's current refractoriness timing";
    case 'core.network.default_schedule': {
      const items = v.t === 'list' || v.t === 'tuple' ? v.items.map((x) => (x.t === 'str' ? x.v : '?')) : [];
      return items.join(',') === DEFAULT_SCHEDULE.join(',') ? null : `the converted project uses Brian2's default schedule (${DEFAULT_SCHEDULE.join(', ')})`;
    }
    default:
      return 'not a Brian2 preference the converter knows';
  }
}

function isGroup(path: string): boolean {
  return (
    ['', 'codegen', 'core', 'core.network', 'legacy', 'devices', 'logging', 'codegen.runtime', 'codegen.cpp', 'codegen.generators'].includes(path) ||
    /^(devices|logging|codegen\.(runtime|cpp|generators|cython))\./.test(path)
  );
}

/** Record a preference set by the script, or refuse it (see above). */
function setPref(path: string, v: Value, loc: Loc, ctx: EvalContext, values: Map<string, Value>): void {
  ctx.checkPoison(v);
  if (!INERT.test(path)) {
    const why = checkSemantic(path, v);
    if (why)
      ctx.fail('unsupported', loc, {
        what: `prefs.${path} = ${v.t === 'str' ? `'${v.v}'` : v.t === 'builtin' ? v.name : v.t === 'num' || v.t === 'bool' ? displayValue(v) : describe(v)}`,
        hint: why,
      });
  }
  values.set(path, v);
}

/** `prefs` and its groups; `set` records what the script assigns. */
export function prefsValue(ctx: EvalContext, values: Map<string, Value>, path = ''): Value {
  const node: Value = {
    t: 'module',
    name: path ? `prefs.${path}` : 'prefs',
    members: (n) => {
      const full = path ? `${path}.${n}` : n;
      if (!path && (n === 'reset_to_defaults' || n === 'read_preference_file' || n === 'load_preferences' || n === 'do_validation' || n === 'as_file')) {
        return builtin(n, () => NONE);
      }
      if (values.has(full)) return values.get(full)!;
      if (isGroup(full) || INERT.test(full) || INERT.test(`${full}.`)) return prefsValue(ctx, values, full);
      // A preference the script did not set: its default, which the converted project follows.
      return { t: 'inert', what: `the preference prefs.${full}` };
    },
    setMember: (n, v, loc) => setPref(path ? `${path}.${n}` : n, v, loc, ctx, values),
    setItem: (k, v, loc) => {
      if (k.t !== 'str') ctx.fail('type-error', loc, { detail: 'preference names are strings', hint: "e.g. prefs['codegen.target'] = 'numpy'" });
      setPref(path ? `${path}.${k.v}` : k.v, v, loc, ctx, values);
    },
  };
  return node;
}
