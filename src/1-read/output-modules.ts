// Modules and builtins that only show things while the script runs: progress bars (tqdm wraps an
// iterable and yields its items unchanged) and IPython's display and magics of notebook exports.

import type { EvalContext } from './context.js';
import { arg } from './numeric.js';
import { builtin, NONE, type CallArgs, type Value } from './values.js';

const inertBar: Value = { t: 'inert', what: 'a tqdm progress bar' };

/** `tqdm(iterable, ...)` is the iterable itself (a bar without one is only shown). */
function tqdm(args: CallArgs): Value {
  const it = arg(args, 0, 'iterable')?.value;
  return it && it.t !== 'none' ? it : inertBar;
}

/** `trange(n)` is `tqdm(range(n))`. */
function trange(args: CallArgs, ctx: EvalContext): Value {
  const ints = args.positional.map((v) =>
    v.t === 'num' && v.int ? v.v : ctx.fail('type-error', args.loc, { detail: 'trange() needs integers', hint: 'use int(...)' }),
  );
  if (ints.length === 1) return { t: 'range', start: 0, stop: ints[0]!, step: 1 };
  if (ints.length === 2) return { t: 'range', start: ints[0]!, stop: ints[1]!, step: 1 };
  return { t: 'range', start: ints[0] ?? 0, stop: ints[1] ?? 0, step: ints[2] ?? 1 };
}

export const tqdmModule: Value = {
  t: 'module',
  name: 'tqdm',
  members: (n) => {
    if (n === 'tqdm' || n === 'tqdm_notebook' || n === 'auto' || n === 'notebook' || n === 'std')
      return n === 'tqdm' || n === 'tqdm_notebook' ? builtin(n, tqdm) : tqdmModule;
    if (n === 'trange') return builtin(n, trange);
    if (n === 'write') return inertBar;
    return undefined;
  },
};

/** IPython line magics of notebook exports (`get_ipython().run_line_magic('matplotlib', 'inline')`). */
const INERT_MAGICS = new Set(['matplotlib', 'config', 'load_ext', 'autoreload', 'pylab', 'precision']);

function magic(args: CallArgs, ctx: EvalContext): Value {
  const name = arg(args, 0, 'magic_name')?.value;
  const m = name?.t === 'str' ? name.v.split(/\s+/)[0]! : '';
  if (INERT_MAGICS.has(m)) return NONE;
  return ctx.fail('unsupported', args.loc, { what: `the IPython magic %${m || '?'}`, hint: 'run the code the magic stands for as plain Python, or remove it' });
}

export const ipythonShell: Value = {
  t: 'module',
  name: 'the IPython shell',
  members: (n) => (n === 'run_line_magic' || n === 'magic' || n === 'run_cell_magic' ? builtin(n, magic) : undefined),
};

export const ipythonModule: Value = {
  t: 'module',
  name: 'IPython',
  members: (n) => {
    if (n === 'get_ipython') return builtin(n, () => ipythonShell);
    if (n === 'display')
      return {
        t: 'module',
        name: 'IPython.display',
        members: (m) => (m === 'display' ? builtin('display', () => NONE) : ipythonModule.t === 'module' ? ipythonModule.members(m) : undefined),
      };
    if (n === 'display_html' || n === 'display_markdown' || n === 'clear_output' || n === 'HTML' || n === 'Markdown' || n === 'Image')
      return { t: 'inert', what: `IPython.display.${n}` };
    return undefined;
  },
};
