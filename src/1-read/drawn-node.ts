// The recipe of a value drawn while the model is built (drawn.ts): part of the evaluator's recursive
// value type (a DNode holds Values, a Value can be drawn), kept apart from drawn.ts's functions so that
// values.ts refers to it with a type-only import.

import type { BinaryOperator, CompareOperator } from '../../grammars/ast.js';
import type { Value } from './values.js';

/** The recipe of a drawn value, replayed by the generated project. */
export type DNode =
  /** The numbers of the script's draw action `id`. */
  | { op: 'draw'; id: number }
  /** A value known to the converter (a number with its units, an array, a string, None, a dtype, ...). */
  | { op: 'value'; v: Value }
  | { op: 'list' | 'tuple'; items: DNode[] }
  /** numpy.<fn>(...) */
  | { op: 'call'; fn: string; args: DNode[]; kwargs: [string, DNode][] }
  /** self.<name>(...) */
  | { op: 'method'; name: string; self: DNode; args: DNode[]; kwargs: [string, DNode][] }
  /** self.<name> (a.T) */
  | { op: 'attr'; name: string; self: DNode }
  | { op: 'binary'; operator: BinaryOperator; a: DNode; b: DNode }
  | { op: 'compare'; operator: CompareOperator; a: DNode; b: DNode }
  | { op: 'unary'; operator: '-' | '+' | '~'; a: DNode }
  /** self[index] */
  | { op: 'index'; self: DNode; index: DNode }
  /** a copy of self with self[index] = value */
  | { op: 'setitem'; self: DNode; index: DNode; value: DNode };
