// What a name in a network operation's body means, from what the reader recorded when the run() started
// (1-read/brian2/operation-capture.ts): a Brian2 object, a module (numpy, math, brian2), a function of
// numpy, math or Python, a Brian2 unit, a function of the script, a variable of the script (data), Brian2's
// stop(), or output (print, plotting). The translator (host-code.ts) builds on these meanings.

import type { Brian2Object, CapturedName, FunctionValue } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import type { Dim } from '../units/dimension.js';
import { UNITS } from '../units/table.js';
import { NUMPY_DTYPE_NAMES } from '../1-read/numpy-dtypes.js';

/** The Python builtins a body may call (what they do is the same in the project). */
export const HOST_BUILTINS = new Set([
  'abs',
  'all',
  'any',
  'bool',
  'dict',
  'divmod',
  'enumerate',
  'float',
  'int',
  'len',
  'list',
  'max',
  'min',
  'pow',
  'range',
  'reversed',
  'round',
  'set',
  'sorted',
  'str',
  'sum',
  'tuple',
  'zip',
  'isinstance',
]);

/** Python builtins that only show something: a call is left out of the project. */
export const OUTPUT_BUILTINS = new Set(['print']);

/** Brian2's names (after `from brian2 import *`) that are numpy.random's functions. */
const RANDOM_NAMES = new Set([
  'rand',
  'randn',
  'randint',
  'random',
  'random_sample',
  'uniform',
  'normal',
  'poisson',
  'binomial',
  'exponential',
  'choice',
  'permutation',
  'shuffle',
  'gamma',
  'beta',
  'lognormal',
  'geometric',
  'standard_normal',
  'multinomial',
  'multivariate_normal',
]);

/** Brian2 names that are Python's builtins, not numpy's (module.ts: PYTHON_BUILTINS). */
const BRIAN2_PYTHON = new Set(['max', 'min', 'abs', 'round', 'pow', 'bool']);

/** numpy's constants and dtypes a body may use. */
const NUMPY_VALUES = new Set(['pi', 'e', 'inf', 'Inf', 'nan', 'NaN', 'newaxis']);
export const NUMPY_DTYPES = new Set(NUMPY_DTYPE_NAMES);

/**
 * numpy's functions a body may call (numpy 1.26, the project's): the generated project runs them, so they
 * need not be evaluable by the converter; anything else numpy has is refused (it may write files, etc.).
 */
export const NUMPY_FUNCTIONS = new Set([
  // element-wise
  'abs',
  'absolute',
  'fabs',
  'sign',
  'sqrt',
  'cbrt',
  'square',
  'exp',
  'exp2',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'arctan2',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'hypot',
  'floor',
  'ceil',
  'trunc',
  'rint',
  'round',
  'around',
  'fix',
  'clip',
  'maximum',
  'minimum',
  'fmax',
  'fmin',
  'mod',
  'fmod',
  'remainder',
  'power',
  'float_power',
  'reciprocal',
  'negative',
  'positive',
  'add',
  'subtract',
  'multiply',
  'divide',
  'true_divide',
  'floor_divide',
  'isnan',
  'isinf',
  'isfinite',
  'nan_to_num',
  'where',
  'heaviside',
  'logical_and',
  'logical_or',
  'logical_not',
  'logical_xor',
  'greater',
  'greater_equal',
  'less',
  'less_equal',
  'equal',
  'not_equal',
  'deg2rad',
  'rad2deg',
  'degrees',
  'radians',
  'sinc',
  'interp',
  'logaddexp',
  // reductions and scans
  'sum',
  'nansum',
  'prod',
  'mean',
  'nanmean',
  'std',
  'nanstd',
  'var',
  'nanvar',
  'min',
  'max',
  'amin',
  'amax',
  'nanmin',
  'nanmax',
  'argmin',
  'argmax',
  'median',
  'nanmedian',
  'percentile',
  'quantile',
  'cumsum',
  'cumprod',
  'diff',
  'ptp',
  'count_nonzero',
  'all',
  'any',
  'average',
  'histogram',
  'bincount',
  'convolve',
  'correlate',
  'cov',
  'corrcoef',
  // creation and shape
  'array',
  'asarray',
  'asanyarray',
  'copy',
  'zeros',
  'ones',
  'full',
  'empty',
  'zeros_like',
  'ones_like',
  'full_like',
  'empty_like',
  'arange',
  'linspace',
  'logspace',
  'geomspace',
  'eye',
  'identity',
  'diag',
  'diagonal',
  'tri',
  'triu',
  'tril',
  'meshgrid',
  'reshape',
  'ravel',
  'transpose',
  'squeeze',
  'expand_dims',
  'atleast_1d',
  'atleast_2d',
  'swapaxes',
  'concatenate',
  'stack',
  'hstack',
  'vstack',
  'column_stack',
  'append',
  'insert',
  'delete',
  'tile',
  'repeat',
  'roll',
  'flip',
  'fliplr',
  'flipud',
  'sort',
  'argsort',
  'unique',
  'nonzero',
  'flatnonzero',
  'argwhere',
  'isin',
  'in1d',
  'searchsorted',
  'digitize',
  'take',
  'put',
  'outer',
  'inner',
  'dot',
  'vdot',
  'matmul',
  'tensordot',
  'einsum',
  'kron',
  'cross',
  'trace',
  'shape',
  'size',
  'ndim',
  'allclose',
  'isclose',
  'array_equal',
  'setdiff1d',
  'intersect1d',
  'union1d',
  'floor_divide',
  'divmod',
  // submodules
  'linalg.solve',
  'linalg.inv',
  'linalg.pinv',
  'linalg.norm',
  'linalg.det',
  'linalg.eig',
  'linalg.eigh',
  'linalg.eigvals',
  'linalg.eigvalsh',
  'linalg.svd',
  'linalg.lstsq',
  'linalg.matrix_power',
  'linalg.qr',
  'linalg.cholesky',
  'fft.fft',
  'fft.ifft',
  'fft.rfft',
  'fft.irfft',
  'fft.fft2',
  'fft.ifft2',
  'fft.fftfreq',
  'fft.rfftfreq',
  'fft.fftshift',
  'fft.ifftshift',
  ...[...RANDOM_NAMES].map((n) => `random.${n}`),
  'random.randint',
  'random.random_integers',
  'random.standard_exponential',
  'random.vonmises',
  'random.triangular',
  'random.laplace',
  'random.logistic',
  'random.weibull',
  'random.pareto',
  'random.rayleigh',
  'random.chisquare',
  'random.negative_binomial',
  'random.hypergeometric',
  'random.zipf',
  'random.dirichlet',
  'random.standard_t',
  'random.f',
  'random.wald',
  'random.power',
]);

/** Python's math functions a body may call. */
export const MATH_FUNCTIONS = new Set([
  'sqrt',
  'exp',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'floor',
  'ceil',
  'trunc',
  'fabs',
  'pow',
  'hypot',
  'isnan',
  'isinf',
  'isfinite',
  'copysign',
  'fmod',
  'erf',
  'erfc',
  'gamma',
  'lgamma',
  'degrees',
  'radians',
  'factorial',
  'gcd',
  'isclose',
  'fsum',
  'prod',
]);
const MATH_VALUES = new Set(['pi', 'e', 'inf', 'nan', 'tau']);

/** What a name (or an attribute of a module) means to the translator. */
export type Meaning =
  | { m: 'object'; obj: Brian2Object }
  /** A module whose attributes a body may use: 'numpy', 'numpy.random', 'numpy.fft', 'numpy.linalg', 'math', 'brian2'. */
  | { m: 'module'; name: string }
  | { m: 'numpy'; name: string }
  | { m: 'math'; name: string }
  | { m: 'builtin'; name: string }
  /** A Brian2 unit: value 10.0**scale. */
  | { m: 'unit'; name: string; scale: number; dim: Dim }
  /** A number with a fixed value (numpy's or math's pi, Brian2's pi). */
  | { m: 'number'; v: number }
  | { m: 'function'; fn: FunctionValue }
  /** Data of the script (a variable the project gives the body). */
  | { m: 'data'; value: Value }
  /** A variable a body changes that the script has not bound again: the operations' value goes on. */
  | { m: 'state' }
  | { m: 'stop' }
  /** Output only (print, plotting): a statement that calls it is left out. */
  | { m: 'output'; what: string }
  | { m: 'unbound' }
  /** Something the project cannot run; `what` names it. */
  | { m: 'refused'; what: string };

/** The exponent of ten of a Brian2 unit's value (Brian2 units are powers of ten of SI units). */
export function unitScale(value: number): number {
  return Math.round(Math.log10(value));
}

function unitMeaning(name: string, v: Value): Meaning | null {
  const u = UNITS.get(name);
  if (!u || v.t !== 'num' || v.v !== u.scale) return null;
  return { m: 'unit', name, scale: unitScale(u.scale), dim: u.dim };
}

/** The meaning of a module's attribute (`np.sin`, `np.random.normal`, `math.pi`, `b2.ms`). */
export function memberMeaning(module: string, name: string, value: Value | undefined): Meaning {
  const path = `${module}.${name}`;
  if (module === 'numpy' || module.startsWith('numpy.')) {
    const sub = path.slice('numpy.'.length);
    if (['random', 'fft', 'linalg'].includes(sub)) return { m: 'module', name: path };
    if (NUMPY_FUNCTIONS.has(sub) || NUMPY_DTYPES.has(sub)) return { m: 'numpy', name: sub };
    if (NUMPY_VALUES.has(sub)) return { m: 'numpy', name: sub };
    return { m: 'refused', what: `numpy.${sub}` };
  }
  if (module === 'math') {
    if (MATH_FUNCTIONS.has(name)) return { m: 'math', name };
    if (MATH_VALUES.has(name)) return { m: 'math', name };
    return { m: 'refused', what: `math.${name}` };
  }
  if (module === 'brian2' || module.startsWith('brian2.')) return brian2Meaning(name, value);
  return { m: 'refused', what: path };
}

/** A name of Brian2 (`from brian2 import *`, `b2.name`, `from brian2 import name`). */
function brian2Meaning(name: string, value: Value | undefined): Meaning {
  if (name === 'stop') return { m: 'stop' };
  if (value?.t === 'object') return { m: 'object', obj: value.obj };
  if (value?.t === 'num') return unitMeaning(name, value) ?? { m: 'number', v: value.v };
  if (RANDOM_NAMES.has(name)) return { m: 'numpy', name: `random.${name}` };
  if (BRIAN2_PYTHON.has(name)) return { m: 'builtin', name };
  if (value?.t === 'inert') return { m: 'output', what: value.what };
  if (value?.t === 'module') return moduleMeaning(value.name);
  if (NUMPY_FUNCTIONS.has(name) || NUMPY_DTYPES.has(name)) return { m: 'numpy', name };
  return { m: 'refused', what: `Brian2's ${name}` };
}

function moduleMeaning(name: string): Meaning {
  if (['numpy', 'numpy.random', 'numpy.fft', 'numpy.linalg', 'math'].includes(name) || name === 'brian2' || name.startsWith('brian2.'))
    return { m: 'module', name };
  return { m: 'refused', what: `the module ${name}` };
}

/** The meaning of a free name of a body, from what it was when the run() started. */
export function nameMeaning(name: string, c: CapturedName): Meaning {
  switch (c.kind) {
    case 'unbound':
      return { m: 'unbound' };
    case 'state':
      return { m: 'state' };
    case 'builtin':
      if (OUTPUT_BUILTINS.has(name)) return { m: 'output', what: `${name}()` };
      if (HOST_BUILTINS.has(name)) return { m: 'builtin', name };
      return { m: 'refused', what: `Python's ${name}()` };
    case 'star': {
      const top = c.module.split('.')[0]!;
      if (top === 'brian2') return brian2Meaning(name, c.value);
      if (c.value.t === 'inert') return { m: 'output', what: c.value.what };
      if (top === 'numpy' || top === 'math' || top === 'pylab') return memberMeaning(top === 'pylab' ? 'numpy' : c.module, name, c.value);
      return { m: 'refused', what: `${name} (from ${c.module})` };
    }
    case 'bound':
      return valueMeaning(name, c.value);
  }
}

/** The meaning of a value the script bound to a name (or that an attribute gave). */
export function valueMeaning(name: string, v: Value): Meaning {
  switch (v.t) {
    case 'object':
      return { m: 'object', obj: v.obj };
    case 'module':
      return moduleMeaning(v.name);
    case 'function':
      return { m: 'function', fn: v };
    case 'builtin': {
      if (v.qualname) {
        const dot = v.qualname.lastIndexOf('.');
        return memberMeaning(v.qualname.slice(0, dot), v.qualname.slice(dot + 1), v);
      }
      if (OUTPUT_BUILTINS.has(v.name)) return { m: 'output', what: `${v.name}()` };
      if (HOST_BUILTINS.has(v.name)) return { m: 'builtin', name: v.name };
      return { m: 'refused', what: `the function ${v.name}` };
    }
    case 'inert':
      return { m: 'output', what: v.what };
    case 'unknown':
      if (v.module) {
        const dot = v.module.lastIndexOf('.');
        if (v.module.startsWith('numpy.'))
          return dot > 0 && ['numpy.fft', 'numpy.linalg', 'numpy.random'].includes(v.module)
            ? { m: 'module', name: v.module }
            : memberMeaning(v.module.slice(0, dot), v.module.slice(dot + 1), undefined);
        return { m: 'refused', what: v.module };
      }
      return { m: 'refused', what: `'${name}' (${v.why || 'not known while the model is built'})` };
    case 'class':
    case 'instance':
      return { m: 'refused', what: `'${name}' (a class or an instance of one)` };
    case 'lazy':
      return { m: 'refused', what: `'${name}' (values known only when the project runs)` };
    case 'equations':
      return { m: 'refused', what: `'${name}' (an Equations object)` };
    case 'num':
      return unitMeaning(name, v) ?? { m: 'data', value: v };
    default:
      return { m: 'data', value: v };
  }
}
