// Three tiers (STYLE.md): unit specs beside the code, integration specs against the real
// PostgreSQL and Redis, e2e over HTTP (and a real browser for the portal).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
const withDatabase = {
  ...common,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...withDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Attacks on the running service (issue 16): each fails if the attack works again.
    {
      ...withDatabase,
      displayName: 'security',
      testMatch: ['<rootDir>/test/security/**/*.sec-spec.ts'],
    },
    // The portal driven by Debian's chromium through playwright-core (test/browser/browser.ts).
    {
      ...withDatabase,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
    // Redis behind Sentinel (issue #17): a primary, a replica and three Sentinels of Debian's
    // redis-server and redis-sentinel on private ports, the primary killed mid-flow.
    // `npm run test:sentinel` runs this project alone.
    {
      ...withDatabase,
      displayName: 'sentinel',
      testMatch: ['<rootDir>/test/sentinel/**/*.sentinel-spec.ts'],
    },
  ],
  // A hook that builds a database and two applications can take over 30 s on a loaded CI
  // machine (load 10-29 on 2 cores); nothing here is a timed test.
  testTimeout: 60000,
};
