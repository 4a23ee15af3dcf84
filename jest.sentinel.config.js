// `npm run test:sentinel`: the `sentinel` project of jest.config.js alone (it is also part of
// `npm test`). In 10 runs on 2026-12-07 it passed 6: ioredis's failoverDetector ended some of
// Bull's clients that were reconnecting after the primary was killed (docs/decisions.md); with
// it gone, ten runs in a row passed (docs/benchmarks.md).
const base = require('./jest.config.js');

module.exports = {
  projects: base.projects.filter((p) => p.displayName === 'sentinel'),
  testTimeout: base.testTimeout,
};
