// ESLint for src/, test/, scripts/ and bench/: the recommended rules, and the import boundaries
// between the receiver's layers (test/architecture/import-boundaries.test.ts proves each one fires).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Imports in src/ are relative, so a layer is named by `../` (any depth) plus its folder. Only the
// layer folders themselves carry these names (no src/*/http/ and the like), so this cannot misfire.
const up = String.raw`^(\.\./)+`;
const layer = (name, message, extra = {}) => ({ regex: `${up}${name}(/|$)`, caseSensitive: true, message, ...extra });

const R = {
  http: layer('http', 'the HTTP layer (Koa) is above this one: hand it values, do not import it'),
  store: layer('store', 'the pipeline knows no SQLite: the HTTP layer hands its verdict to the store'),
  koa: { regex: '^(koa|@koa/.*)$', caseSensitive: true, message: 'only the HTTP layer and vendor routes know Koa' },
  sqlite: { regex: '^better-sqlite3(/|$)', caseSensitive: true, message: 'only src/store/ talks to SQLite: add a Store method' },
  vendorsTypes: layer('vendors', 'the vendor registry sits above this layer: import its types only (`import type`)', { allowTypeImports: true }),
  verifyTypes: layer('verify', "the store records verdicts, it does not judge: import the pipeline's types only (`import type`)", { allowTypeImports: true }),
  httpInternals: {
    regex: String.raw`${up}http(/(?!vendor-kit$)|$)`,
    caseSensitive: true,
    message: 'vendor folders reach the HTTP layer only through src/http/vendor-kit.ts: add what you need there',
  },
};

/** One config block per layer: a file gets exactly one list, since a later block would replace, not add to, an earlier one. */
const boundary = (files, restrictions, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrictions }] },
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-*/**', 'coverage/**', 'node_modules/**', 'fixtures/**'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The receiver matches control characters on purpose: log sanitising, return_to and e-mail checks, terminal output in tests.
      'no-control-regex': 'off',
      // `_name` marks a value left out on purpose (a destructured column kept out of an event, an unused callback argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    // Test helpers return parsed JSON bodies that the assertions walk freely; expect() checks their shape.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    // Plain CommonJS: the build's ESM-entry writer and a throw-away vendor plug-in as a user would write it.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },

  // ---- import boundaries ----
  {
    files: ['src/**/*.ts'],
    rules: {
      // Static imports only, so the boundary rules below see every edge between layers.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'use a static import, so the import-boundary rules can see it' },
        { selector: 'TSImportType', message: 'use `import type`, so the import-boundary rules can see it' },
      ],
    },
  },
  boundary(['src/verify/**/*.ts'], [R.http, R.store, R.koa, R.sqlite, R.vendorsTypes]),
  boundary(['src/store/**/*.ts'], [R.http, R.verifyTypes, R.vendorsTypes, R.koa]),
  boundary(['src/vendors/**/*.ts'], [R.httpInternals, R.sqlite]),
  boundary(['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'], [R.sqlite], ['src/verify/**', 'src/store/**', 'src/vendors/**']),
);
