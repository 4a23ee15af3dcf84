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

// A lease import streams files of any size in bounded batches, but V8 sizes its heap from the
// machine's memory and lets garbage pile up long before it collects: on a 2 GB file the
// process grew to 400 MB while its live data stayed under 90 MB. The import therefore runs in
// a child node with a bounded old space (docs/decisions.md §8), unless the operator set a
// limit already (NODE_OPTIONS or a node flag).
const IMPORT_HEAP_MB = 160;
const args = process.argv.slice(2);
const heapSet =
  process.execArgv.some((a) => a.startsWith('--max-old-space-size')) ||
  /--max-old-space-size/.test(process.env.NODE_OPTIONS || '');
if (args[0] === 'leases:import' && !heapSet) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, __filename, ...args],
    { stdio: 'inherit' },
  );
  if (run.error) {
    process.stderr.write(`notice-relay: ${run.error.message}\n`);
    process.exit(1);
  }
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status === null ? 1 : run.status);
}
require(entry);
