// What Brian2's code generator knows about its default functions (core/functions.py DEFAULT_FUNCTIONS:
// stateless or not, drawn per element, return type); TimedArrays are stateless float functions.

import type { CodegenFunction } from './codegen.js';

const fn = (stateless: boolean, autoVectorise: boolean, returnType: CodegenFunction['returnType']): CodegenFunction => ({
  stateless,
  autoVectorise,
  returnType,
});

export const BRIAN2_FUNCTIONS: Record<string, CodegenFunction> = {
  ...Object.fromEntries(
    ['exp', 'log', 'log10', 'expm1', 'log1p', 'exprel', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'floor', 'ceil'].map(
      (f) => [f, fn(true, false, 'float')],
    ),
  ),
  abs: fn(true, false, 'highest'),
  clip: fn(true, false, 'highest'),
  sign: fn(true, false, 'highest'),
  int: fn(true, false, 'integer'),
  timestep: fn(true, false, 'integer'),
  rand: fn(false, true, 'float'),
  randn: fn(false, true, 'float'),
  poisson: fn(false, true, 'integer'),
};

export const TIMED_ARRAY_FUNCTION: CodegenFunction = fn(true, false, 'float');
