// @ts-check
// Lint enforces the architecture: layers import only downward, and the engine stays pure
// (no DOM, no wall-clock time, no Math.random, no async). See docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const UI_LIBRARIES = [
  'react',
  'react-dom',
  'react-dom/*',
  '@xyflow/*',
  'zustand',
  'zustand/*',
  'framer-motion',
  'immer',
];

/** Import patterns that reach into a layer folder, from anywhere in src/. */
function layerPatterns(layers) {
  return layers.map((layer) => ({
    regex: `(^|/)${layer}(/|$)`,
    message: `This layer may not import from src/${layer} (layers import only downward; see docs/architecture.md).`,
  }));
}

/** Other layers use the engine only through its public entries: index.ts and display.ts. */
const ENGINE_INTERNALS = {
  regex: '(^|/)engine/(?!(index|display)(\\.ts)?$).+',
  message:
    'Import the engine through its public entries (src/engine/index.ts, or display.ts for what the page shows), not its internals.',
};

/** The same, for tests: they may also build their objects with the engine's fixtures (testing/). */
const ENGINE_INTERNALS_BUT_FIXTURES = {
  ...ENGINE_INTERNALS,
  regex: '(^|/)engine/(?!(index|display)(\\.ts)?$|testing/).+',
};

/** What the runtime may import, with the given rule for the engine. */
function runtimeImports(engine) {
  return [
    'error',
    {
      patterns: [
        ...layerPatterns(['lessons', 'ui']),
        engine,
        { group: UI_LIBRARIES, message: 'The runtime has no UI dependencies.' },
      ],
    },
  ];
}

const impureEngineGlobals = [
  'Date',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'setImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'performance',
  'window',
  'document',
  'self',
  'globalThis',
  'navigator',
  'fetch',
  'Worker',
  'crypto',
  'process',
].map((name) => ({
  name,
  message: `The engine is pure and deterministic: no ${name}. Time comes from the sequencer, randomness from a seeded generator.`,
}));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'bench/dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...layerPatterns(['engine', 'runtime', 'lessons', 'ui']),
            { group: UI_LIBRARIES, message: 'shared has no UI dependencies.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...layerPatterns(['runtime', 'lessons', 'ui']),
            { group: UI_LIBRARIES, message: 'The engine has no UI dependencies.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureEngineGlobals],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator in src/shared/prng.ts.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'FunctionDeclaration[async=true], FunctionExpression[async=true], ArrowFunctionExpression[async=true]',
          message: 'The engine is synchronous: a step returns messages, it never awaits.',
        },
        {
          selector: 'AwaitExpression',
          message: 'The engine is synchronous: a step returns messages, it never awaits.',
        },
        {
          selector: "NewExpression[callee.name='Promise']",
          message: 'The engine is synchronous: no Promises.',
        },
      ],
    },
  },
  {
    files: ['src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': runtimeImports(ENGINE_INTERNALS),
    },
  },
  {
    files: ['src/lessons/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...layerPatterns(['runtime', 'ui']),
            ENGINE_INTERNALS,
            { group: UI_LIBRARIES, message: 'Lessons are data and a pure runner.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS] }],
    },
  },
  {
    files: ['src/runtime/**/*.test.ts'],
    rules: {
      'no-restricted-imports': runtimeImports(ENGINE_INTERNALS_BUT_FIXTURES),
    },
  },
  {
    files: ['src/ui/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS_BUT_FIXTURES] }],
    },
  },
);
