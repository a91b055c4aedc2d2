/** Test kinds by suffix: *.unit.spec.ts (pure), *.int.spec.ts (real NATS / FerretDB), *.e2e.spec.ts (whole system), *.fault.spec.ts (whole system under faults). */
const moduleNameMapper = {
  '^@banat/(bus|contracts|event-store|projections|messaging|metrics|testing)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/services', '<rootDir>/libs', '<rootDir>/scripts'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['**/*.int.spec.ts'], setupFilesAfterEnv: ['<rootDir>/libs/testing/jest.slow.js'] },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'], setupFilesAfterEnv: ['<rootDir>/libs/testing/jest.slow.js'] },
    // Fault tests (npm run test:faults): processes killed, servers restarted, stopped and frozen under load.
    { ...common, displayName: 'fault', testMatch: ['**/*.fault.spec.ts'], setupFilesAfterEnv: ['<rootDir>/libs/testing/jest.slow.js'] },
  ],
};
