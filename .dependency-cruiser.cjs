// Import rules of the converter, checked by `npm run lint` (dependency-cruiser; see the commit that
// added it for why this tool). The phases of src/ depend one way only (1-read → 2-model → 3-lower →
// 4-targets, 4-emit being the emit library every target shares), the targets do not know each other,
// and no module reaches itself round a cycle, type-only imports included.

// The evaluator's value type is one recursive type spread over these modules: a Value can be a closure
// over a Scope, a Brian2 object holding Values, a builtin that takes the EvalContext, or a drawn value
// whose recipe (DNode) holds Values. Their type-only references to each other are allowed; a runtime
// import between them, or a cycle that leaves them, is not.
const VALUE_TYPES = '^src/1-read/(values|scope|context|drawn-node|brian2/objects)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: the modules cannot be read (or loaded) one after the other. Move the shared part into its own module.',
      from: { pathNot: VALUE_TYPES },
      to: { circular: true },
    },
    {
      name: 'no-cycles-out-of-value-types',
      severity: 'error',
      comment: 'A cycle through the value types and another module.',
      from: { path: VALUE_TYPES },
      to: { circular: true, via: { pathNot: VALUE_TYPES } },
    },
    {
      name: 'no-runtime-cycles-in-value-types',
      severity: 'error',
      comment: 'The value types may refer to each other only with `import type`.',
      from: { path: VALUE_TYPES },
      to: { circular: true, via: { dependencyTypesNot: ['type-only', 'type-import'] } },
    },
    {
      name: 'one-way-phases',
      severity: 'error',
      comment: 'A phase reads only what earlier phases made: it never imports a later phase, the CLI, the runner or the pipeline.',
      from: { path: '^src/(1-read)/' },
      to: { path: '^src/(2-model|3-lower|4-emit|4-targets|run|cli|verify|compile[.]ts)' },
    },
    {
      name: 'one-way-phases-model',
      severity: 'error',
      from: { path: '^src/2-model/' },
      to: { path: '^src/(3-lower|4-emit|4-targets|run|cli|verify|compile[.]ts)' },
    },
    {
      name: 'one-way-phases-lower',
      severity: 'error',
      from: { path: '^src/3-lower/' },
      to: { path: '^src/(4-emit|4-targets|run|cli|verify|compile[.]ts)' },
    },
    {
      name: 'emit-library-knows-no-target',
      severity: 'error',
      comment: '4-emit is shared by every target; it does not know them (or the CLI).',
      from: { path: '^src/4-emit/' },
      to: { path: '^src/(4-targets|cli|verify|compile[.]ts)' },
    },
    {
      name: 'targets-are-independent',
      severity: 'error',
      comment: 'A target does not import another target (shared code goes to 4-emit or to target.ts).',
      from: { path: '^src/4-targets/([^/]+)/' },
      to: { path: '^src/4-targets/([^/]+)/', pathNot: '^src/4-targets/$1/' },
    },
    {
      name: 'targets-below-the-cli',
      severity: 'error',
      from: { path: '^src/4-targets/' },
      to: { path: '^src/(cli|run|verify)/' },
    },
    {
      name: 'shared-libraries-know-no-phase',
      severity: 'error',
      comment: 'symbolic/, units/, diagnostics/, morphology/ and grammars/ are used by the phases, never the other way round.',
      from: { path: '^(src/(symbolic|units|diagnostics|morphology)|grammars)/' },
      to: { path: '^src/(1-read|2-model|3-lower|4-emit|4-targets|run|cli|verify|compile[.]ts)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
