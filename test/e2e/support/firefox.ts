/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (no driver download), with the built
 * Firefox extension installed as a temporary add-on (BiDi `webExtension.install`, the same as about:debugging's
 * "Load Temporary Add-on"). The add-on's internal UUID is fixed by a pref, so its pages have a known
 * moz-extension:// URL.
 */
import { randomUUID } from 'node:crypto';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.STRATA_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_ADDON_ID = 'strata@strata.dev';

export interface FirefoxWithExtension {
  browser: Browser;
  addonId: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(extensionDir: string): Promise<FirefoxWithExtension> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    enableExtensions: true,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: uuid }),
      // A test profile: no first-run pages, no telemetry, no updates.
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'app.update.enabled': false,
    },
  });
  const addonId = await browser.installExtension(extensionDir);
  return {
    browser,
    addonId,
    url: (path) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`,
    close: () => browser.close(),
  };
}
