// Physical dimensions as exponent vectors over the seven SI base quantities, in Brian2's order:
// length, mass, time, electric current, temperature, amount of substance, luminous intensity.
// Exponents may be fractional (white noise `xi` has dimension second**-0.5).

export type Dim = readonly [number, number, number, number, number, number, number];

export const DIMENSIONLESS: Dim = [0, 0, 0, 0, 0, 0, 0];
export const SECOND: Dim = [0, 0, 1, 0, 0, 0, 0];

const BASE_SYMBOLS = ['m', 'kg', 's', 'A', 'K', 'mol', 'cd'] as const;

export function dim(...exps: number[]): Dim {
  const d = [0, 0, 0, 0, 0, 0, 0];
  exps.forEach((e, k) => (d[k] = e));
  return d as unknown as Dim;
}

export function isDimensionless(d: Dim): boolean {
  return d.every((e) => e === 0);
}

export function sameDim(a: Dim, b: Dim): boolean {
  // Fractional exponents come from sqrt; compare with a tolerance so sqrt(x)**2 matches x.
  return a.every((e, k) => Math.abs(e - b[k]!) < 1e-9);
}

export function mulDim(a: Dim, b: Dim): Dim {
  return a.map((e, k) => e + b[k]!) as unknown as Dim;
}

export function divDim(a: Dim, b: Dim): Dim {
  return a.map((e, k) => e - b[k]!) as unknown as Dim;
}

export function powDim(a: Dim, p: number): Dim {
  return a.map((e) => roundExp(e * p)) as unknown as Dim;
}

function roundExp(e: number): number {
  const r = Math.round(e * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Readable form for messages: a unit name when the dimension has a common one (`volt`, `siemens`), else
 * such a name times or over one base unit (`amp*second`, `volt/metre`), else the exponents over the base
 * units as Brian2 prints them (`m^2 kg s^-3 A^-1`); `1` when dimensionless.
 */
export function formatDim(d: Dim): string {
  const named = NAMED_DIMS.find(([, nd]) => sameDim(nd, d));
  if (named) return named[0];
  const composed = composedName(d);
  if (composed) return composed;
  const parts: string[] = [];
  d.forEach((e, k) => {
    if (e === 0) return;
    parts.push(e === 1 ? BASE_SYMBOLS[k]! : `${BASE_SYMBOLS[k]}^${e}`);
  });
  return parts.length ? parts.join(' ') : '1';
}

const BASE_NAMES = ['metre', 'kilogram', 'second', 'amp', 'kelvin', 'mole', 'candela'] as const;

/** `name*base**k` or `name/base**k` for a named dimension and one base unit, if that describes d. */
function composedName(d: Dim): string | null {
  for (const [name, nd] of NAMED_DIMS.slice(1)) {
    if (name.includes('/') || name.includes('*')) continue;
    const rest = divDim(d, nd);
    const nonzero = rest.map((e, k) => [e, k] as const).filter(([e]) => e !== 0);
    if (nonzero.length !== 1) continue;
    const [e, k] = nonzero[0]!;
    const base = BASE_NAMES[k]!;
    const power = Math.abs(e) === 1 ? base : `${base}**${Math.abs(e)}`;
    return e > 0 ? `${name}*${power}` : `${name}/${power}`;
  }
  return null;
}

/** "is in volt" / "is a plain number", for messages about values. */
export function isInUnits(d: Dim): string {
  return isDimensionless(d) ? 'is a plain number (no units)' : `is in ${formatDim(d)}`;
}

/** "has units of volt" / "has no units", for messages about expressions. */
export function hasUnits(d: Dim): string {
  return isDimensionless(d) ? 'has no units' : `has units of ${formatDim(d)}`;
}

/** A unit to suggest for a dimension in hints (`mV` for volt), or null. */
export function exampleUnit(d: Dim): string | null {
  const examples: [string, Dim][] = [
    ['mV', dim(2, 1, -3, -1)],
    ['ms', dim(0, 0, 1)],
    ['nA', dim(0, 0, 0, 1)],
    ['nS', dim(-2, -1, 3, 2)],
    ['pF', dim(-2, -1, 4, 2)],
    ['Hz', dim(0, 0, -1)],
    ['Mohm', dim(2, 1, -3, -2)],
    ['um', dim(1)],
  ];
  return examples.find(([, x]) => sameDim(x, d))?.[0] ?? null;
}

// Dimensions worth naming in messages ("volt" reads better than "m^2 kg s^-3 A^-1").
const NAMED_DIMS: [string, Dim][] = [
  ['1', DIMENSIONLESS],
  ['second', dim(0, 0, 1)],
  ['hertz', dim(0, 0, -1)],
  ['volt', dim(2, 1, -3, -1)],
  ['amp', dim(0, 0, 0, 1)],
  ['siemens', dim(-2, -1, 3, 2)],
  ['ohm', dim(2, 1, -3, -2)],
  ['farad', dim(-2, -1, 4, 2)],
  ['metre', dim(1)],
  ['kilogram', dim(0, 1)],
  ['volt/second', dim(2, 1, -4, -1)],
  ['amp/metre**2', dim(-2, 0, 0, 1)],
  ['siemens/metre**2', dim(-4, -1, 3, 2)],
  ['farad/metre**2', dim(-4, -1, 4, 2)],
];
