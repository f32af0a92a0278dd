import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the portal uses of the browser (the `globals` package is not a dependency). */
const PORTAL_GLOBALS = [
  'window',
  'document',
  'navigator',
  'crypto',
  'performance',
  'fetch',
  'URL',
  'URLSearchParams',
  'Node',
  'sessionStorage',
  'localStorage',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.azurite/**',
      'coverage/**',
      '**/jest.config.js',
      'portal/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // The portal: plain ES modules the browser loads as they are (no build). Type-checked by
    // portal/tsconfig.json (npm run typecheck); linted here with the recommended rules and the
    // browser's globals. The type-aware rules stay off: their promise rules would have every
    // fire-and-forget event handler rewritten, a change of its own.
    files: ['portal/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(PORTAL_GLOBALS.map((name) => [name, 'readonly'])),
    },
  },
);
