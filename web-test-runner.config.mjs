// Browser tests for core and widget, in real Chromium (Debian's, never a
// downloaded one). The dev server also mounts the real server kit against the
// real LiveKit server the orchestrator started, so integration tests talk
// to real HTTP, real LiveKit and real WebRTC.
//
// Run through `npm test` (or scripts/run-tests.mjs), which starts LiveKit and
// runs this under `node --conditions=source --import tsx`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROMIUM_FLAGS, chromiumPath } from './scripts/testing/chromium.mjs';
import { countReporter } from './scripts/testing/wtr-count-reporter.mjs';
import { parlorMiddleware } from './scripts/testing/wtr-parlor-middleware.ts';

const groups = process.env.PARLOR_WTR_FILES?.split(',') ?? ['packages/core/src/**/*.test.ts', 'packages/widget/src/**/*.test.ts'];

export default {
  files: groups,
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 60_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  middleware: [parlorMiddleware()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        // expose-gc: room-release.integration.test.ts checks that a left Room can be collected.
        args: [...CHROMIUM_FLAGS.filter((f) => !f.startsWith('--headless')), '--js-flags=--expose-gc'],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
