// The script's process as `python script.py` starts it: no command-line arguments (`sys.argv` holds
// the script's name only, argparse gives the defaults), no environment variables of its own
// (`os.environ.get('X', d)` gives d). A note says so whenever the script reads them, since the user may
// run it otherwise. `sys.exit()` ends the script, which the evaluator treats as an exception
// (SystemExit) the script may catch.

import { osPathMember } from './script-files.js';
import path from 'node:path';
import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { arg } from './numeric.js';
import { opaqueMember, opaqueModule } from './opaque-modules.js';
import { builtin, callArgs, describe, NONE, str, type BuiltinFn, type CallArgs, type Value } from './values.js';

function noteProcess(ctx: EvalContext, loc: Loc): void {
  if (ctx.notedInert.has('process')) return;
  ctx.notedInert.add('process');
  ctx.note(
    `the script reads its command line or environment: it is converted as \`python ${path.basename(ctx.source.path)}\` would run it, with no arguments and no environment variables of its own`,
    loc,
  );
}

/** `sys.argv` and `os.environ` of this script (one of each per script: the script may change them). */
function processEnv(ctx: EvalContext): { argv: Value; environ: Value } {
  if (!ctx.processEnv) {
    const none: Loc = { start: 0, end: 0 };
    ctx.processEnv = {
      argv: { t: 'list', items: [str(path.basename(ctx.source.path), none)] },
      environ: { t: 'dict', keys: [], values: [] },
    };
  }
  return ctx.processEnv;
}

/** Whether `v` is this script's `sys.argv` (for a message that says why an argument is missing). */
export function isArgv(v: Value, ctx: EvalContext): boolean {
  return ctx.processEnv !== null && v === ctx.processEnv.argv;
}

/** Whether `v` is this script's `os.environ`. */
export function isEnviron(v: Value, ctx: EvalContext): boolean {
  return ctx.processEnv !== null && v === ctx.processEnv.environ;
}

function exitFn(name: string): Value {
  return builtin(name, (args, ctx) => {
    const code = arg(args, 0, 'status')?.value;
    const status = code === undefined || code.t === 'none' ? '' : ` (status ${code.t === 'str' ? code.v : code.t === 'num' ? String(code.v) : describe(code)})`;
    return ctx.pyError('SystemExit', 'value-error', args.loc, {
      detail: `the script exits here${status} when it runs as \`python ${path.basename(ctx.source.path)}\` with no arguments`,
      hint: 'write the values the script expects from its command line into the script, or remove the exit',
    });
  });
}

/** A module value whose unknown members behave as those of an unevaluated module (opaque-modules.ts). */
function partlyKnown(name: string, loc: Loc, known: (n: string) => Value | undefined): Value {
  const opaque = opaqueModule(name, loc) as Extract<Value, { t: 'unknown' }>;
  return { t: 'module', name, members: (n) => known(n) ?? opaqueMember(opaque, n) };
}

export function sysModule(ctx: EvalContext, loc: Loc): Value {
  return partlyKnown('sys', loc, (n) => {
    switch (n) {
      case 'argv':
        noteProcess(ctx, loc);
        return processEnv(ctx).argv;
      case 'exit':
        return exitFn('sys.exit');
      case 'path':
        // Where Python looks for modules: changing it only matters to imports the converter cannot follow.
        return { t: 'list', items: [] };
      case 'stdout':
      case 'stderr':
        return { t: 'inert', what: `sys.${n}` };
      case 'setrecursionlimit':
        return builtin(n, () => NONE);
      case 'maxsize':
        return { t: 'num', v: 2 ** 63 - 1, int: true, dim: [0, 0, 0, 0, 0, 0, 0] };
      default:
        return undefined;
    }
  });
}

export function osModule(ctx: EvalContext, loc: Loc): Value {
  return partlyKnown('os', loc, (n) => {
    switch (n) {
      case 'environ':
        noteProcess(ctx, loc);
        return processEnv(ctx).environ;
      case 'path':
        // Questions about files next to the script (os.path.exists before np.load); the rest stays opaque.
        return partlyKnown('os.path', loc, (m) => osPathMember(m, ctx));
      case 'makedirs':
      case 'mkdir':
        // A folder for the script's own output: it changes nothing in the model, and the converted
        // project writes its results elsewhere.
        return builtin(n, (args, c) => {
          if (!c.notedInert.has('mkdir')) {
            c.notedInert.add('mkdir');
            c.note(`os.${n}() is skipped: the folders the script makes for its own output are not part of the model`, args.loc);
          }
          return NONE;
        });
      case 'getenv':
        return builtin('getenv', (args) => {
          noteProcess(ctx, args.loc);
          const key = arg(args, 0, 'key')?.value;
          const env = processEnv(ctx).environ as Extract<Value, { t: 'dict' }>;
          const k = key ? env.keys.findIndex((x) => x.t === 'str' && key.t === 'str' && x.v === key.v) : -1;
          return k >= 0 ? env.values[k]! : (arg(args, 1, 'default')?.value ?? NONE);
        });
      default:
        return undefined;
    }
  });
}

export const exitBuiltins: Record<string, Value> = { exit: exitFn('exit'), quit: exitFn('quit') };

// ---------------------------------------------------------------- argparse

interface Argument {
  dest: string;
  value: Value;
  required: boolean;
  flag: string;
  loc: Loc;
}

/** `ArgumentParser(...)`: `parse_args()` with no arguments gives every argument its default. */
function argumentParser(args: CallArgs, ctx: EvalContext): Value {
  const declared: Argument[] = [];
  const defaults = new Map<string, Value>();
  const methods: Record<string, BuiltinFn> = {};
  const self = (): Value => ({ t: 'module', name: 'an ArgumentParser', members: (n) => (methods[n] ? builtin(n, methods[n]!) : undefined) });
  methods.add_argument = (a, c, call) => {
    const names = a.positional.map((v) => (v.t === 'str' ? v.v : ''));
    const long = names.find((x) => x.startsWith('--')) ?? names.find((x) => x.startsWith('-'));
    const positional = names.length > 0 && !names[0]!.startsWith('-');
    const destArg = a.keywords.get('dest');
    const dest = destArg?.t === 'str' ? destArg.v : (positional ? names[0]! : (long ?? '').replace(/^-+/, '')).replace(/-/g, '_');
    const action = a.keywords.get('action');
    const actionName = action?.t === 'str' ? action.v : 'store';
    let value: Value = a.keywords.get('default') ?? NONE;
    if (!a.keywords.has('default')) {
      if (actionName === 'store_true') value = { t: 'bool', v: false };
      else if (actionName === 'store_false') value = { t: 'bool', v: true };
      else if (actionName === 'append' || actionName === 'extend') value = NONE;
    }
    // argparse converts a string default with the argument's type, as if it had been given.
    const type = a.keywords.get('type');
    if (value.t === 'str' && type && type.t !== 'none') value = call(type, callArgs([value], a.loc));
    const nargs = a.keywords.get('nargs');
    const optionalPositional = nargs?.t === 'str' && (nargs.v === '?' || nargs.v === '*');
    const required = positional ? !optionalPositional : a.keywords.get('required')?.t === 'bool' && (a.keywords.get('required') as { v: boolean }).v;
    declared.push({ dest, value, required, flag: positional ? names[0]! : (long ?? dest), loc: a.loc });
    void c;
    return NONE;
  };
  methods.set_defaults = (a) => {
    for (const [k, v] of a.keywords) defaults.set(k, v);
    return NONE;
  };
  const parse = (a: CallArgs, c: EvalContext): Value => {
    noteProcess(c, a.loc);
    const given = arg(a, 0, 'args')?.value;
    if (given && given.t !== 'none' && iterate(given, a.loc, c, 'the arguments').length) {
      c.fail('unsupported', a.loc, { what: 'parse_args() with explicit arguments', hint: 'set the values in the script directly' });
    }
    const missing = declared.find((d) => d.required);
    if (missing) {
      c.pyError('SystemExit', 'value-error', a.loc, {
        detail: `argparse stops the script here: the argument '${missing.flag}' is required and \`python ${path.basename(c.source.path)}\` gives none`,
        hint: `give '${missing.flag}' a default (nargs='?' for a positional argument), or write its value into the script`,
      });
    }
    const values = new Map<string, Value>();
    for (const d of declared) values.set(d.dest, d.value);
    for (const [k, v] of defaults) if (!declared.some((d) => d.dest === k && d.value.t !== 'none')) values.set(k, v);
    return namespace(values);
  };
  methods.parse_args = (a, c) => parse(a, c);
  methods.parse_known_args = (a, c) => ({ t: 'tuple', items: [parse(a, c), { t: 'list', items: [] }] });
  methods.add_argument_group = () => self();
  methods.add_mutually_exclusive_group = () => self();
  methods.print_help = () => NONE;
  methods.print_usage = () => NONE;
  void args;
  void ctx;
  return self();
}

/** `argparse.Namespace`: attributes read as values. */
function namespace(values: Map<string, Value>): Value {
  return { t: 'module', name: 'the parsed arguments', members: (n) => values.get(n) };
}

export const argparseModule: Value = {
  t: 'module',
  name: 'argparse',
  members: (n) => {
    if (n === 'ArgumentParser') return builtin(n, argumentParser);
    if (n === 'ArgumentDefaultsHelpFormatter' || n === 'RawTextHelpFormatter' || n === 'RawDescriptionHelpFormatter' || n === 'HelpFormatter')
      return { t: 'inert', what: `argparse.${n}` };
    if (n === 'Namespace') return builtin(n, (a) => namespace(new Map(a.keywords)));
    return undefined;
  },
};
