#!/usr/bin/env node
// The CLI tarball's command: the self-contained bundle, with its tree-sitter wasm files beside it in dist/.
require('./dist/cli.js');
