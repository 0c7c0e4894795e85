import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';

/** Polls until `read()` satisfies `ok` (usable in hooks, unlike expect.poll). */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/**
 * Pages of the extension under test, opened as a user would: every page's uncaught errors go to `pageErrors` (the
 * tests assert it stays empty), and the options page saves the endpoint and key through its own form.
 */
export function extensionPages(browser: () => ExtensionBrowser, pageErrors: string[], defaultViewport: { width: number; height: number }) {
  async function openPage(url: string, viewport = defaultViewport): Promise<Page> {
    const page = await browser().context.newPage();
    await page.setViewportSize(viewport);
    page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
    await page.goto(url);
    return page;
  }

  /** Saves the endpoint and (or removes) the API key through the options page. */
  async function saveOptions(endpoint: string, apiKey: string | null): Promise<void> {
    const page = await openPage(browser().url('options.html'), { width: 1000, height: 800 });
    await page.waitForFunction(() => (document.getElementById('endpoint') as HTMLInputElement).value !== '');
    await page.locator('#endpoint').fill(endpoint);
    if (apiKey) await page.locator('#api-key').fill(apiKey);
    await page.locator('button.primary').click();
    await until(() => page.locator('#save-status').textContent(), (t) => t === 'Saved', 'saving the options');
    if (!apiKey && (await page.locator('#remove-key').isEnabled())) {
      await page.locator('#remove-key').click();
      await until(() => page.locator('#save-status').textContent(), (t) => t === 'Key removed', 'removing the key');
    }
    await page.close();
  }

  return { openPage, saveOptions };
}
