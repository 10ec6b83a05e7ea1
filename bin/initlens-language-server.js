#!/usr/bin/env node
'use strict';
// dist/server.js, run with a code cache (server/src/launch.ts; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
// The VS Code extension starts this file too.
require('../dist/launch.js').launch(require('node:path').join(__dirname, '..', 'dist', 'server.js'));
