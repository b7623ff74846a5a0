// Brian2's unit modules as scripts import them: `brian2.units` (the units `from brian2 import *` gives),
// `brian2.units.allunits` (every prefix and power), `brian2.units.stdunits` (mV, ms, nS, ...) and
// `brian2.units.constants` (physical constants). Values are SI numbers with their dimension.

import { dim } from '../../units/dimension.js';
import { starUnit, UNITS } from '../../units/table.js';
import { num, type Value } from '../values.js';

const STD_UNITS = new Set([
  'mV',
  'mA',
  'uA',
  'nA',
  'pA',
  'pF',
  'uF',
  'nF',
  'nS',
  'uS',
  'mS',
  'ms',
  'us',
  'Hz',
  'kHz',
  'MHz',
  'cm',
  'cm2',
  'cm3',
  'mm',
  'mm2',
  'mm3',
  'um',
  'um2',
  'um3',
  'mM',
  'uM',
  'nM',
]);

// CODATA 2014 values, the ones Brian2 2.5 uses (SI units; dimensions as length, mass, time, current,
// temperature, amount, luminosity exponents).
const PHYSICAL_CONSTANTS: Record<string, Value> = {
  avogadro_constant: num(6.022140857e23, dim(0, 0, 0, 0, 0, -1)),
  boltzmann_constant: num(1.38064852e-23, dim(2, 1, -2, 0, -1)),
  electric_constant: num(8.854187817e-12, dim(-3, -1, 4, 2)),
  electron_mass: num(9.10938356e-31, dim(0, 1)),
  elementary_charge: num(1.6021766208e-19, dim(0, 0, 1, 1)),
  faraday_constant: num(96485.33289, dim(0, 0, 1, 1, 0, -1)),
  gas_constant: num(8.3144598, dim(2, 1, -2, 0, -1, -1)),
  magnetic_constant: num(4e-7 * Math.PI, dim(1, 1, -2, -2)),
  molar_mass_constant: num(1e-3, dim(0, 1, 0, 0, 0, -1)),
  zero_celsius: num(273.15, dim(0, 0, 0, 0, 1)),
};

function unitValue(u: { scale: number; dim: import('../../units/dimension.js').Dim } | undefined): Value | undefined {
  return u ? num(u.scale, u.dim) : undefined;
}

export const allUnitsModule: Value = { t: 'module', name: 'brian2.units.allunits', members: (n) => unitValue(UNITS.get(n)) };
export const stdUnitsModule: Value = { t: 'module', name: 'brian2.units.stdunits', members: (n) => (STD_UNITS.has(n) ? unitValue(UNITS.get(n)) : undefined) };
export const constantsModule: Value = {
  t: 'module',
  name: 'brian2.units.constants',
  // The module also re-exports a few base units it is written with.
  members: (n) => PHYSICAL_CONSTANTS[n] ?? unitValue(starUnit(n)),
};

const SUBMODULES: Record<string, Value> = { allunits: allUnitsModule, stdunits: stdUnitsModule, constants: constantsModule };

export const unitsModule: Value = { t: 'module', name: 'brian2.units', members: (n) => unitValue(starUnit(n)) ?? SUBMODULES[n] };
