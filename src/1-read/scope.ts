// Variable scopes of the evaluator: a function's locals chained to the module's globals, which fall
// back to the names brought in by star imports (`from brian2 import *`) and then to Python's builtins.

import type { Brian2Object } from './brian2/objects.js';
import type { Value } from './values.js';

export class Scope {
  readonly vars = new Map<string, Value>();
  /** Modules whose names a star import made visible, most recent first. */
  readonly starImports: { module: string; lookup: (name: string) => Value | undefined }[] = [];
  /** Names declared `global` inside a function body. */
  readonly globals = new Set<string>();

  constructor(
    readonly parent: Scope | null,
    private readonly builtins: (name: string) => Value | undefined,
  ) {}

  lookup(name: string): Value | undefined {
    const own = this.vars.get(name);
    if (own !== undefined) return own;
    if (this.parent) return this.parent.lookup(name);
    for (const s of this.starImports) {
      const v = s.lookup(name);
      if (v !== undefined) return v;
    }
    return this.builtins(name);
  }

  set(name: string, value: Value): void {
    if (this.globals.has(name) && this.parent) this.root().vars.set(name, value);
    else this.vars.set(name, value);
  }

  delete(name: string): boolean {
    return this.vars.delete(name);
  }

  root(): Scope {
    return this.parent ? this.parent.root() : this;
  }

  child(): Scope {
    return new Scope(this, this.builtins);
  }

  /**
   * The names a Brian2 string could refer to right now (as Brian2 resolves them at run()): the user's
   * variables of every enclosing scope. Star-imported names are resolved lazily from `lookup`.
   */
  snapshot(): Map<string, Value> {
    const chain: Scope[] = [];
    for (let s: Scope | null = this; s; s = s.parent) chain.unshift(s);
    const out = new Map<string, Value>();
    for (const s of chain) for (const [k, v] of s.vars) out.set(k, v);
    return out;
  }

  /**
   * The Brian2 objects bound to a name of this scope or an enclosing one, shadowed ones included:
   * Brian2's magic network collects every object among the values of the calling frame's globals and
   * locals (names, not the contents of containers).
   */
  boundObjects(): Brian2Object[] {
    const out = new Set<Brian2Object>();
    for (let s: Scope | null = this; s; s = s.parent) for (const v of s.vars.values()) if (v.t === 'object') out.add(v.obj);
    return [...out];
  }

  /** Every name visible through star imports and builtins (for "did you mean" hints). */
  knownNames(): string[] {
    const names = new Set<string>();
    for (let s: Scope | null = this; s; s = s.parent) for (const k of s.vars.keys()) names.add(k);
    return [...names];
  }
}
