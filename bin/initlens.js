#!/usr/bin/env node
'use strict';
// dist/cli.js, run with a code cache (server/src/launch.ts; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
require('../dist/launch.js').launch(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
