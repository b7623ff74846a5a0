// The harness takes `verify`'s choice of the comparison mode (src/verify/mode.ts, from the model IR).
// This file is its fallback when no IR can be had (convert --emit-ir fails): the header, else exact when
// the script's text shows no random draws, stats when it does.

/** The `# conformance: MODE [rel=X]` header, as compare.py reads it, or null. */
export function headerMode(text) {
  for (const line of text.split('\n')) {
    const m = /^\s*#\s*conformance:\s*(\w+)(?:\s+rel=([0-9.]+))?/.exec(line);
    if (m) return { mode: m[1], rel: m[2] ? Number(m[2]) : null };
  }
  return null;
}

const RANDOM_CALLS = new Set(['rand', 'randn', 'poisson', 'binomial']);

/** Reasons the model IR (convert --emit-ir) draws random numbers while it is built or run. */
export function irRandomness(ir) {
  const why = new Set();
  if ((ir.poissonInputs ?? []).length) why.add('PoissonInput');
  for (const g of ir.groups ?? []) if (g.kind === 'PoissonGroup') why.add('PoissonGroup');
  const walk = (node, inConnect) => {
    if (Array.isArray(node)) return node.forEach((x) => walk(x, inConnect));
    if (!node || typeof node !== 'object') return;
    if (node.k === 'call' && RANDOM_CALLS.has(node.fn)) why.add(`${node.fn}()`);
    if (node.k === 'sym' && node.role === 'noise') why.add(`noise ${node.name}`);
    if (node.kind === 'connect') {
      const rule = node.rule ?? {};
      if (rule.kind === 'rule' && rule.p) why.add('connect(p=...)');
      if (rule.kind === 'indices' && rule.p < 1) why.add('connect(p=...)');
      if (rule.generator?.iterator?.kind === 'sample') why.add('sample() in connect');
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span') walk(v, inConnect);
  };
  walk(ir, false);
  return [...why];
}

// Draws made by the script itself while it builds the model (numpy, pylab, Python's random module);
// in the IR they are already numbers. (Noise `xi` and rand() in model strings are seen in the IR.)
const SOURCE_RANDOM = [
  [/\b(?:np|numpy|pylab|scipy)\s*\.\s*random\b/, 'numpy.random'],
  [/^\s*(?:from\s+(?:numpy\.random|random)\s+import|import\s+random\b)/m, 'random module'],
  [/(?<![\w.])(?:rand|randn|randint|random_integers|shuffle|permutation|normal|uniform|choice|binomial|poisson|exponential)\s*\(/, 'random call'],
];

/** Reasons found in the script's text (comments dropped). */
export function sourceRandomness(text) {
  const code = text
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, ''))
    .join('\n');
  return SOURCE_RANDOM.filter(([re]) => re.test(code)).map(([, why]) => why);
}

/**
 * { mode, rel, why }: the header if there is one; else stats when the IR or the text shows random
 * draws, exact otherwise.
 */
export function chooseMode(text, ir) {
  const header = headerMode(text);
  if (header) return { ...header, why: 'header' };
  const reasons = [...(ir ? irRandomness(ir) : []), ...sourceRandomness(text)];
  if (reasons.length) return { mode: 'stats', rel: null, why: `random: ${[...new Set(reasons)].join(', ')}` };
  return { mode: 'exact', rel: null, why: ir ? 'deterministic' : 'deterministic (text only: no IR)' };
}
