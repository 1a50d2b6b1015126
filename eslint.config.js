// ESLint with typescript-eslint's type-checked rules (docs/development.md, "Lint").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The AssemblyScript engine is not TypeScript to tsc (its own tsconfig); the rest is built output.
  { ignores: ['dist/', 'node_modules/', 'bench/results/', '**/*.as.ts'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The scripts and this file are JavaScript outside tsconfig.json: linted with default options.
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test runs what `test()` registers; nothing awaits the promise it returns.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      // `_name`: a parameter a signature needs (Express's error handler) or a key left out of a rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing on what a callee rejected with, as it came, invents no non-Error reason.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // JSON escapes control characters: matching them is the point of those patterns.
      'no-control-regex': 'off',
    },
  },
  // Test and bench stubs implement async interfaces (a ZAK mint, a look-up) with values at hand.
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/require-await': 'off' } },
  // The scripts run on Node; in TypeScript files the compiler already checks names.
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
