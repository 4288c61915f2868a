// ESLint for the atlas's browser code (static/atlas/), run by `make test`.
'use strict';
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  js.configs.recommended,
  {
    files: ['static/atlas/**/*.js', 'tests/js/**/*.js', 'eslint.config.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: {...globals.browser, ...globals.node, L: 'readonly'},
    },
    rules: {'no-var': 'off', eqeqeq: ['error', 'smart']},
  },
];
