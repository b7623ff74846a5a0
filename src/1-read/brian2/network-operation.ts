// Brian2's network operations: `@network_operation`, `@network_operation(dt=..., when=..., order=...)` and
// `NetworkOperation(f, ...)`. The function is Python of the script that Brian2 calls during the
// simulation; the converter never calls it. It records the function and, at every run(), what the
// function's free names are then (Python looks them up when the function runs: the module's live
// globals and the enclosing function's variables), for it and for every function of the script it may
// call (operation-capture.ts). The model builder translates the body (2-model/network-operations.ts).

import { bindArgs, expectInt, expectString } from '../calls.js';
import type { EvalContext } from '../context.js';
import { builtin, describe, type CallArgs, type Value } from '../values.js';
import { requestedName } from './constructors.js';
import type { NetworkOperationObj } from './objects.js';

const PARAMS = ['function', 'dt', 'clock', 'when', 'order', 'name'];

/** `network_operation`: the decorator, bare (`@network_operation`) or with keywords (`@network_operation(dt=...)`). */
export const networkOperation: Value = builtin('network_operation', (args, ctx) => {
  const first = args.positional[0];
  if (args.positional.length === 1 && args.keywords.size === 0 && first && first.t !== 'none' && isCallable(first)) {
    return NetworkOperation({ ...args, positional: [first] }, ctx);
  }
  if (args.positional.length) {
    // Brian2 ignores positional arguments other than the function: they are almost certainly a mistake.
    ctx.fail('type-error', args.locs.positional[0]!, {
      detail: 'network_operation takes its options as keywords (dt=, clock=, when=, order=)',
      hint: "e.g. @network_operation(dt=1*ms, when='end')",
    });
  }
  // Misspelt keywords are refused here, at the decorator.
  bindArgs('network_operation', PARAMS.slice(1), args, ctx);
  return builtin('network_operation(...)', (inner, ctx2) => {
    const merged: CallArgs = {
      positional: inner.positional,
      keywords: new Map([...args.keywords, ...inner.keywords]),
      locs: { positional: inner.locs.positional, keywords: new Map([...args.locs.keywords, ...inner.locs.keywords]) },
      loc: args.loc,
    };
    return NetworkOperation(merged, ctx2);
  });
});

function isCallable(v: Value): boolean {
  return v.t === 'function' || v.t === 'builtin' || v.t === 'class' || v.t === 'instance';
}

/** `NetworkOperation(function, dt=None, clock=None, when='start', order=0, name='networkoperation*')`. */
export function NetworkOperation(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('NetworkOperation', PARAMS, args, ctx, { required: ['function'] });
  const f = b.get('function')!;
  const fLoc = b.loc('function');
  if (f.t !== 'function' || !f.body) {
    const what = f.t === 'function' ? 'a lambda as a network operation' : `a network operation made of ${describe(f)}`;
    return ctx.fail('unsupported', fLoc, { what, hint: 'define the operation with def and decorate it with @network_operation' });
  }
  const positional = f.params.filter((p) => p.star === '');
  // Brian2's checks (core/operations.py): no argument, or one (the time).
  if (positional[0]?.name === 'self') {
    ctx.fail('type-error', fLoc, {
      detail: `the first argument of '${f.name}' is 'self': @network_operation on a method does not work in Brian2`,
      hint: 'use a plain function, or NetworkOperation(obj.method) on an instance',
    });
  }
  if (positional.length > 1) {
    ctx.fail('type-error', fLoc, {
      detail: `'${f.name}' cannot be a network operation: it must take no argument or only 't', but it takes ${positional.length}`,
      hint: `def ${f.name}(t): ...`,
    });
  }
  const clock = b.get('clock');
  if (clock && clock.t !== 'none' && !(clock.t === 'object' && clock.obj.kind === 'Clock' && clock.obj.name === 'defaultclock')) {
    ctx.fail('unsupported', b.loc('clock'), { what: 'network_operation(clock=...) with a Clock object', hint: 'give dt= instead (a clock of its own)' });
  }
  const dt = b.entries.get('dt');
  const when = b.entries.get('when');
  const order = b.entries.get('order');
  const op: NetworkOperationObj = {
    kind: 'NetworkOperation',
    name: ctx.uniqueName('networkoperation', requestedName(b.entries, ctx)),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    function: f,
    functionLoc: fLoc,
    dt: dt && dt.value.t !== 'none' ? dt : null,
    when: when && when.value.t !== 'none' ? { value: expectString(when.value, when.loc, ctx, 'when'), loc: when.loc } : null,
    order: order && order.value.t !== 'none' ? { value: expectInt(order.value, order.loc, ctx, 'order'), loc: order.loc } : null,
    captures: new Map(),
  };
  return { t: 'object', obj: ctx.register(op) };
}
