// numpy's dtype names a script may use (np.float64(x), dtype=np.int32, astype(np.uint8)): one list for
// the evaluator (1-read/numpy.ts) and for the code the project runs (2-model: computed values, host code).

export const NUMPY_DTYPE_NAMES: readonly string[] = [
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'float32',
  'float64',
  'float_',
  'int_',
  'intc',
  'bool_',
  'double',
  'single',
  'uint',
];
