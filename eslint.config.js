import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // The typed client is typed by what apps/hub/test/openapi-client.test.ts generates from the OpenAPI document:
  // that test compiles it and refuses any `any` in it.
  {
    ignores: [
      'node_modules/',
      'coverage/',
      '.tap/',
      '.kindred/',
      '.kindred-cluster/',
      'apps/hub/test/typed-client/join-flow.ts',
      'apps/hub/test/typed-client/kindred-api.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-console': 'error',
      // Fastify plugins, hooks and handlers are async to use its promise API rather than callbacks,
      // whether or not they await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      // tap's assertion helpers return values tests rarely need, and teardown callbacks may return promises.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
)
