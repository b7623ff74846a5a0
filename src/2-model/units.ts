// Units written after the colon of an equation line: `volt`, `amp/metre**2`, `1`, `boolean`, `integer`.
// Brian2 accepts only unscaled, unpowered units there (volt, not mV; metre**2, not metre2), since the unit
// only names the dimension, and the whole text must be a unit (not `1*volt`).

import type { Expr } from '../../grammars/ast.js';
import { type Dim, DIMENSIONLESS, divDim, mulDim, powDim } from '../units/dimension.js';
import { declarationUnit, UNITS } from '../units/table.js';
import type { VarType } from './ir.js';
import type { BuildContext } from './context.js';

export interface DeclaredUnit {
  dim: Dim;
  type: VarType;
}

export function declaredUnit(text: string, expr: Expr | null, loc: { start: number; end: number }, ctx: BuildContext): DeclaredUnit {
  if (text === 'boolean') return { dim: DIMENSIONLESS, type: 'boolean' };
  if (text === 'bool') return ctx.fail('equation-unit', loc, { detail: "'bool' is not a unit", hint: "write 'boolean' for a boolean variable" });
  if (text === 'integer') return { dim: DIMENSIONLESS, type: 'integer' };
  if (!expr) return ctx.fail('equation-unit', loc, { detail: 'the unit is missing after the colon', hint: 'write a unit such as volt, amp or 1' });
  if (text !== '1' && containsNumberFactor(expr)) {
    return ctx.fail('equation-unit', loc, {
      detail: `'${text}' is a quantity, not a unit`,
      hint: "write only units, e.g. 'siemens/metre**2', not '1*siemens/metre**2'",
    });
  }
  return { dim: unitDim(expr, ctx), type: 'float' };
}

/**
 * Whether a number is multiplied or divided into the unit (`1*volt`, `volt/2`), which makes it a
 * quantity for Brian2. Exponents are fine, and so is `1/second` (Brian2 keeps that a unit).
 */
function containsNumberFactor(e: Expr): boolean {
  if (e.kind === 'Num') return true;
  if (e.kind === 'BinOp' && e.op === '/' && e.left.kind === 'Num' && e.left.value === 1) return containsNumberFactor(e.right);
  if (e.kind === 'BinOp' && (e.op === '*' || e.op === '/')) return containsNumberFactor(e.left) || containsNumberFactor(e.right);
  if (e.kind === 'BinOp' && e.op === '**') return containsNumberFactor(e.left);
  return false;
}

function unitDim(e: Expr, ctx: BuildContext): Dim {
  switch (e.kind) {
    case 'Num':
      if (e.value !== 1) ctx.fail('equation-unit', e.loc, { detail: `'${e.raw}' is not a unit`, hint: 'write 1 for dimensionless variables' });
      return DIMENSIONLESS;
    case 'Name': {
      const base = declarationUnit(e.id);
      if (base) return base.dim;
      const u = UNITS.get(e.id);
      if (!u) {
        return ctx.fail('equation-unit', e.loc, {
          detail: `'${e.id}' is not a unit`,
          hint: 'use a Brian2 unit name such as volt, amp, siemens, second, hertz or 1',
        });
      }
      const power = /^(.*[a-z])([23])$/.exec(e.id);
      if (power && declarationUnit(power[1]!)) {
        return ctx.fail('equation-unit', e.loc, {
          detail: `'${e.id}' is a power of a unit; equations write powers out`,
          hint: `write ${power[1]}**${power[2]} instead of ${e.id}`,
        });
      }
      const name = baseNameFor(u.dim);
      return ctx.fail('equation-unit', e.loc, {
        detail: `'${e.id}' is a scaled unit; equations need unprefixed units`,
        hint: name ? `write ${name} instead of ${e.id}` : 'use an unprefixed SI unit',
      });
    }
    case 'BinOp': {
      if (e.op === '*') return mulDim(unitDim(e.left, ctx), unitDim(e.right, ctx));
      if (e.op === '/') return divDim(unitDim(e.left, ctx), unitDim(e.right, ctx));
      if (e.op === '**') {
        const p =
          e.right.kind === 'Num'
            ? e.right.value
            : e.right.kind === 'UnaryOp' && e.right.op === '-' && e.right.operand.kind === 'Num'
              ? -e.right.operand.value
              : NaN;
        if (Number.isNaN(p)) ctx.fail('equation-unit', e.right.loc, { detail: 'a unit can only be raised to a number', hint: 'write e.g. metre**2' });
        return powDim(unitDim(e.left, ctx), p);
      }
      break;
    }
    default:
      break;
  }
  return ctx.fail('equation-unit', e.loc, { detail: 'this is not a unit', hint: 'write a unit such as volt, amp/metre**2 or 1' });
}

const PREFERRED = ['volt', 'amp', 'siemens', 'farad', 'ohm', 'second', 'hertz', 'metre', 'molar', 'mole', 'kilogram', 'coulomb', 'newton', 'joule', 'watt'];

function baseNameFor(d: Dim): string | null {
  for (const n of PREFERRED) {
    const u = UNITS.get(n)!;
    if (u.dim.every((x, k) => x === d[k])) return n;
  }
  return null;
}
