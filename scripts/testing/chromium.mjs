// Real Chromium from Debian, with fake camera and microphone, for every
// browser test. Never downloads a browser: when none is installed the caller
// fails with a message saying what is missing.
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Path of the Chromium to drive; throws (never skips) when there is none. */
export function chromiumPath() {
  const candidates = [process.env.PARLOR_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'Chromium is missing: looked for ' + candidates.join(', ') +
        '. Install it with `apt-get install -y chromium` (scripts/setup.sh does) or set PARLOR_CHROMIUM.',
    );
  }
  return found;
}

/**
 * Launches Chromium through playwright-core.
 * @param {{ args?: string[] }} [opts]
 */
export async function launchChromium(opts = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS.filter((f) => !f.startsWith('--headless')), ...(opts.args ?? [])],
  });
}
