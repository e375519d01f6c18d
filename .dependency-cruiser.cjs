/**
 * The import rules of docs/architecture.md, checked by dependency-cruiser
 * (test/architecture/imports.test.ts runs them in `npm test`; `npx depcruise src` shows them too).
 * A module is a folder under src/modules; its face is its index.ts.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No file depends on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-module',
      comment: 'The kernel knows no domain.',
      severity: 'error',
      from: { path: '^src/(core|web)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-face-only',
      comment: "A module imports only another module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
