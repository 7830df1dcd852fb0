#!/usr/bin/env node
// The CLI is bundled by esbuild.mjs (run by `npm install` through the prepare script).
require('../dist/cli.js');
