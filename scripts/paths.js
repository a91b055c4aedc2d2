// Resolves the @banat/* path aliases to the compiled libraries under dist/ at run time.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const root = path.resolve(__dirname, '..');
tsconfigPaths.register({
  baseUrl: path.join(root, 'dist'),
  paths: {
    '@banat/bus': ['libs/bus/src'],
    '@banat/contracts': ['libs/contracts/src'],
    '@banat/event-store': ['libs/event-store/src'],
    '@banat/projections': ['libs/projections/src'],
    '@banat/messaging': ['libs/messaging/src'],
    '@banat/metrics': ['libs/metrics/src'],
    '@banat/testing': ['libs/testing/src'],
  },
});
