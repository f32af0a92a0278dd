import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The import rules of the house (README "Design"): Table Storage is known to shared/store/ alone,
 * Queue Storage to shared/queue/ alone; the pure rules import no I/O (store, http, Azure); nothing below functions/ imports functions/.
 */
const TABLE_STORAGE_ONLY_IN_STORE = {
  group: ['@azure/data-tables', '@azure/data-tables/*'],
  message: 'Only shared/store/ knows Table Storage: use a repository from openTenantStore.',
};
const QUEUE_STORAGE_ONLY_IN_QUEUE = {
  group: ['@azure/storage-queue', '@azure/storage-queue/*'],
  message: 'Only shared/queue/ knows Queue Storage: use openCycleQueue (or openStorageQueue).',
};
const NO_FUNCTIONS = {
  regex: '^(\\.{1,2}/)+functions(/|$)',
  message: 'functions/ is the edge: nothing below it imports it.',
};
const PURE_RULES = [
  'shared/sync/reconcile*.ts',
  'shared/sync/{uniqueness,entraValidation,errorId,model}.ts',
  'shared/directory/{model,normalize,immutableId,upnQuarantine}.ts',
  'shared/diagnosis/{questions,facts,pair,planApplyFix,planUndo,refusals,recordDiff,sameUserEvidence,userExistsOnPremisesEvidence,diagnosisStep,answerQuestion,closeDiagnosis,errorGuidance,guidance,directoryRoles,connectorSpaceDn,refusalIfEnded}.ts',
  'shared/preflight/**/*.ts',
  'shared/records/*.ts',
  'shared/directory/inputAttributes.ts',
];

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
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [TABLE_STORAGE_ONLY_IN_STORE, QUEUE_STORAGE_ONLY_IN_QUEUE] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts', 'scripts/**/*.ts', 'agent/**/*.ts'],
    ignores: ['shared/store/**', 'shared/queue/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [TABLE_STORAGE_ONLY_IN_STORE, QUEUE_STORAGE_ONLY_IN_QUEUE, NO_FUNCTIONS] },
      ],
    },
  },
  {
    files: ['shared/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [QUEUE_STORAGE_ONLY_IN_QUEUE, NO_FUNCTIONS] }],
    },
  },
  {
    files: ['shared/queue/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TABLE_STORAGE_ONLY_IN_STORE, NO_FUNCTIONS] }],
    },
  },
  {
    files: PURE_RULES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/*', '**/http/*', '**/contract/*', '@azure/*'],
              message: 'A pure rule does no I/O: it takes records and returns decisions.',
            },
          ],
        },
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
