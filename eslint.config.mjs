// Lint rules shared by every workspace. The layer rule (entry points → domain → data access) is
// enforced here: domain code may not import entry points, data access may import neither.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const crossService = { group: ['**/services/*/**', '../../*/src/**'], message: 'a service imports only packages/*' };
const layers = {
  'entry-points': [],
  domain: [{ group: ['**/entry-points/**'], message: 'domain must not import entry points' }],
  'data-access': [{ group: ['**/entry-points/**', '**/domain/**'], message: 'data access must not import domain or entry points' }],
};
function layerRules() {
  return Object.entries(layers).map(([layer, patterns]) => ({
    files: [`services/*/src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossService, ...patterns] }] },
  }));
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  ...layerRules(),
  {
    files: ['**/test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    // Tests read JSON answers loosely on purpose: the assertions are the type check.
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
