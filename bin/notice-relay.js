#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output; `npm run build` produces it.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('notice-relay: not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(entry);
