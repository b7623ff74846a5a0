// Plain JSON for evaluator values that the IR keeps verbatim (set_device options).

import type { Value } from '../1-read/values.js';

export function valueToJson(v: Value): unknown {
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
      return v.v;
    case 'num':
      return v.v;
    case 'str':
      return v.v;
    case 'list':
    case 'tuple':
      return v.items.map(valueToJson);
    case 'dict':
      return Object.fromEntries(v.keys.map((k, j) => [k.t === 'str' ? k.v : String(valueToJson(k)), valueToJson(v.values[j]!)]));
    case 'array':
      return Array.from(v.a.data);
    default:
      return `<${v.t}>`;
  }
}
