// Brian2's defaultclock, in a module of its own: the evaluation context needs the object itself, and
// importing it from objects.ts (or even its type) would close an import cycle through the value types.
// It is a ClockObj (objects.ts) by its shape.

/** Brian2's defaultclock: one object, the same for every script (its state, the dt, lives in the script's actions). */
export const DEFAULT_CLOCK = Object.freeze({
  kind: 'Clock' as const,
  origin: 'default' as const,
  name: 'defaultclock',
  pyName: 'defaultclock' as string | null,
  loc: { start: 0, end: 0 },
  explicitNamespace: null,
  dt: null,
});
