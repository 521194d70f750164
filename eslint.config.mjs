// ESLint guards what review should not have to remember; Prettier (.prettierrc.json) decides layout,
// so no rule here is about style. Each rule says why it is on. `npm run lint` runs it.
import tseslint from 'typescript-eslint';

/** Node's globals a file must not rename (`const { log: console } = createLogger()` hid the real console). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'console',
    'process',
    'Buffer',
    'require',
    'module',
    'exports',
    '__dirname',
    '__filename',
    'setTimeout',
    'setInterval',
    'setImmediate',
    'clearTimeout',
    'clearInterval',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'fetch',
    'URL',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'performance',
    'global',
    'globalThis',
  ].map((g) => [g, 'readonly']),
);

/** Packages are used through their entry points (package.json `main` and `exports`), never their src/ files. */
const DEEP_IMPORT = '^@genlab/[^/]+/src(/|$)';
const DEEP_IMPORT_MESSAGE = 'Import the package\'s entry point or a subpath it exports (package.json "exports"), not its src/ files.';
const deepImportIn = (selector) => ({
  selector: `${selector}[value=/${DEEP_IMPORT.replaceAll('/', '\\/')}/]`,
  message: DEEP_IMPORT_MESSAGE,
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'artifacts/**',
      '.nx/**',
      '**/build/**',
      '**/dist/**',
      'coverage/**',
      'tmp/**',
      'packages/ui/client/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cjs', '**/*.mjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, globals: NODE_GLOBALS },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // Module boundaries: a package's src/ layout is its own business.
      'no-restricted-imports': ['error', { patterns: [{ regex: DEEP_IMPORT, message: DEEP_IMPORT_MESSAGE }] }],
      // ... and the same for the lazy forms: require('…'), import('…') and `typeof import('…')`.
      'no-restricted-syntax': [
        'error',
        deepImportIn("CallExpression[callee.name='require'] > Literal"),
        deepImportIn('ImportExpression > Literal'),
        deepImportIn('TSImportType Literal'),
      ],
      // A local named like a Node or ES global makes the global unreachable and misleads the reader.
      'no-shadow': ['error', { builtinGlobals: true, hoist: 'never' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The core rule does not know TypeScript's type-only names; this one does.
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': [
        'error',
        { builtinGlobals: true, hoist: 'never', ignoreTypeValueShadow: true, ignoreFunctionTypeParameterNameValueShadow: true },
      ],
      // A promise nobody awaits fails silently (an unhandled rejection, a stage that "finished" early).
      // `void promise` marks the few fire-and-forget calls as deliberate.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
    },
  },
);
