// ESLint (flat config) with typescript-eslint and type information for the TypeScript sources.
// The import restrictions mirror the layers ARCHITECTURE.md states and the architecture test
// (test/src/architecture/) checks over the whole import graph; here they show in the editor, at
// the import that breaks them. The test stays the authority (it also finds cycles).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Layers from the bottom up, as in test/src/architecture/graph.ts: a module imports its own layer or a lower one. */
const LAYERS = [
  ['protocol', 'model', 'shell', 'knowledge', 'config', 'paths'],
  ['schema', 'edits', 'pod'],
  ['rules'],
  ['analysis', 'kustomize'],
  ['features'],
  ['lsp', 'cli'],
  ['server', 'launch'],
];
const PROTOCOL_PACKAGES = ['vscode-languageserver', 'vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageserver-types'];

const protocolPackages = {
  regex: `^(${PROTOCOL_PACKAGES.join('|')})(/|$)`,
  message: 'Only server/src/lsp/ and server/src/server.ts speak the protocol (ARCHITECTURE.md, Invariants).',
};

/**
 * Relative imports into the areas above `area`'s layer. From a folder (`server/src/<area>/…`)
 * they climb with `../`; from a top-level file (`server/src/kustomize.ts`) they start with `./`.
 */
function upwardImports(area) {
  const layer = LAYERS.findIndex((l) => l.includes(area));
  const higher = LAYERS.slice(layer + 1).flat();
  if (higher.length === 0) return [];
  return [
    {
      regex: `^(\\./|(\\.\\./)+)(${higher.join('|')})(/|$)`,
      message: `${area}/ is in layer ${layer}: it may not import a higher layer (${higher.join(', ')}); see ARCHITECTURE.md.`,
    },
  ];
}

function restrictions(area) {
  const patterns = [...upwardImports(area)];
  if (area !== 'lsp' && area !== 'server') patterns.push(protocolPackages);
  if (area === 'rules') {
    patterns.push({
      regex: '^\\./[a-z0-9]+(-[a-z0-9]+)+$',
      message: 'A rule may not import another rule; shared helpers belong in rules/support.ts or a non-rule module under rules/.',
    });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const areaConfigs = LAYERS.flat().map((area) => ({
  files: [`server/src/${area}/**/*.ts`, `server/src/${area}.ts`],
  ignores: area === 'rules' ? ['server/src/rules/index.ts'] : [],
  rules: restrictions(area),
}));

export default tseslint.config(
  { ignores: ['**/out/', 'dist/', 'node_modules/', '.vscode-test/', 'test/editor/workspace/', 'test/fixtures*/'] },
  js.configs.recommended,
  {
    rules: {
      // YAML and the shell give control characters meaning: the model, the edit layer and the
      // quoting code match them on purpose (which scalars need escapes, NUL in binary input).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware: a promise nobody awaits or handles loses its rejection.
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['test/src/**/*.ts'],
    rules: {
      // Tests read raw JSON-RPC messages and parsed JSON (manifests as plain values) whose shape
      // the assertions themselves check; the sources keep the rule.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  ...areaConfigs,
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/src/(?!protocol(/|$))',
              message: 'The client may import only server/src/protocol of the server (ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  // The VS Code suite runs inside the editor's extension host (CommonJS, `require('vscode')`).
  { files: ['test/editor/vscode/**/*.js', 'bin/**/*.js'], languageOptions: { sourceType: 'commonjs' } },
);
