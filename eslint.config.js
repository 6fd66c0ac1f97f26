// ESLint flat config. Type-aware rules are left out on purpose: `npm run typecheck` already runs
// tsc in strict mode, and linting with type information would double the time of `npm run lint`
// on a 2-core CI machine. The dependency rule is checked by tests/unit/architecture.test.ts.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Test-only calls that would leave a test out of the run (the team rule: no skipped or todo tests). */
const skippedTestCalls = ['it', 'test', 'describe', 'suite'].flatMap((object) =>
  ['skip', 'todo', 'only', 'skipIf', 'runIf'].map((property) => ({
    object,
    property,
    message: 'Tests must run: no skipped, todo, focused or conditional tests (CONTRIBUTING.md).',
  })),
);

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      'dist/',
      'dist-single/',
      'build/',
      'coverage/',
      'tests/e2e/artifacts/',
      'tests/real/artifacts/',
      'bench/results/',
      // Scratch output (gitignored), e.g. a Storybook build.
      'tmp/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Everything: strict about what hides bugs, silent about taste.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-properties': ['error', ...skippedTestCalls],
      'no-restricted-globals': ['error', { name: 'xit', message: 'Tests must run: no skipped tests.' }],
      'prefer-const': 'error',
      'no-var': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // verbatimModuleSyntax makes tsc insist on `import type`; this adds the autofix.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Browser code: the app, views, embed, worker host, and everything that runs in them.
    files: ['src/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}', '.storybook/**/*.{ts,tsx}'],
    ignores: ['src/cli/**', 'src/server/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/worker/**/*.ts'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    // Node programs, tests, benches, build and tool config.
    files: [
      'src/cli/**',
      'src/server/**',
      'bin/**',
      'bench/**',
      'tests/**',
      '.ci/**/*.{js,mjs}',
      '*.config.{js,ts,mjs}',
      '**/*.test.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    // Plain JS files cannot write `import type`.
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Hooks rules where React lives (DESIGN.md 2: ui, embed, app, and the stories of them).
    files: ['src/ui/**/*.{ts,tsx}', 'src/embed/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
);
