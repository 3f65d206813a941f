/**
 * The layers we keep (docs/architecture.md), checked on every `npm test`:
 *   handlers → app, http, auth → service → ports → flow-requests, views, graph, asl, engine,
 *   expressions, tasks → domain → lib
 * storage and dispatch are adapters (they implement ports); cli and console are clients of the API.
 * Type-only imports count (tsPreCompilationDeps): a type pulled from the wrong layer ties it there too.
 */
const ADAPTERS = 'src/(storage|dispatch|faults)/';
const ENTRY = '^(handlers|src/(app|http|auth))/';
const CLIENTS = 'src/(cli|console)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a circle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders depend on each other: one of them is in the wrong room.',
      scope: 'folder',
      from: { path: '^(src|handlers)/' },
      to: { circular: true },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'src/lib holds helpers with no project imports.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'domain-is-a-leaf',
      severity: 'error',
      comment: 'The domain imports nothing above it.',
      from: { path: '^src/domain/' },
      to: { path: '^(src|handlers)/', pathNot: '^src/(domain|lib)/' },
    },
    {
      name: 'engine-imports-only-the-domain',
      severity: 'error',
      comment: 'The engine is pure: from a definition, a state and a result to what happens next.',
      from: { path: '^src/engine/' },
      to: { path: '^(src|handlers)/', pathNot: '^src/(engine|domain|lib)/' },
    },
    {
      name: 'rooms-below-the-services',
      severity: 'error',
      comment:
        'Expressions, tasks, ASL translation, views and graphs know nothing of services, adapters or entry points.',
      from: { path: '^src/(expressions|tasks|asl|graph|views|observability|config)/' },
      to: { path: `^(${ADAPTERS}|${ENTRY}|${CLIENTS}|src/(service|ports|flow-requests)/)` },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment: 'Ports describe what the services need in domain terms only.',
      from: { path: '^src/ports/' },
      to: { path: '^(src|handlers)/', pathNot: '^src/(ports|domain|lib|tasks)/' },
    },
    {
      name: 'flow-requests-below-the-services',
      severity: 'error',
      from: { path: '^src/flow-requests/' },
      to: { path: `^(${ADAPTERS}|${ENTRY}|${CLIENTS}|src/service/)` },
    },
    {
      name: 'services-use-ports',
      severity: 'error',
      comment: 'Services reach storage and dispatch through src/ports, never their internals.',
      from: { path: '^src/service/' },
      to: { path: `^(${ADAPTERS}|${ENTRY}|${CLIENTS})` },
    },
    {
      name: 'adapters-implement-ports',
      severity: 'error',
      comment: 'An adapter depends on the port it implements, never on the services that use it.',
      from: { path: '^src/(storage|dispatch)/' },
      to: { path: `^(${ENTRY}|${CLIENTS}|src/(service|faults)/)` },
    },
    {
      name: 'cli-is-a-client',
      severity: 'error',
      comment: 'The CLI talks to the API; it runs validation offline, never server modules.',
      from: { path: '^src/cli/' },
      to: { path: `^(${ADAPTERS}|${ENTRY}|src/(service|console)/)` },
    },
    {
      name: 'console-runs-in-a-browser',
      severity: 'error',
      comment: 'The console bundle may use only browser-safe rooms.',
      from: { path: '^src/console/' },
      to: { path: '^(src|handlers)/', pathNot: '^src/(console|domain|lib|graph|views)/' },
    },
    {
      name: 'tests-are-not-shipped',
      severity: 'error',
      from: { path: '^(src|handlers|bin|scripts)/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.esbuild|\\.serverless|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
