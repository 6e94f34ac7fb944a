// Lint configuration: typescript-eslint's recommended rules over the TypeScript sources, plus the typed promise rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'models/', '.warden/', 'dist/', 'console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Typed rules for the TypeScript sources only (tsconfig.json covers src, test, scripts, bench): a promise nobody
    // awaits loses its rejection, and one handed where a void callback is expected is never awaited by its caller.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's top-level test() and describe() hand their promise to the runner, which reports every outcome
      // itself. The allowance also matches TestContext's test() (same name, same package), so the restriction below
      // keeps subtests awaited.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "ExpressionStatement > CallExpression[callee.type='MemberExpression'][callee.property.name='test']",
          message: 'Await the subtest: node:test cancels a subtest still running when its parent test ends.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
);
