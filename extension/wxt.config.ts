import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';

/**
 * The Strata browser extension (Manifest V3). Build from the repo root with `npx wxt build extension`;
 * the unpacked extension lands in extension/.output/chrome-mv3.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // Another output folder for a build with another default endpoint (the Firefox e2e test's), beside the usual one.
  outDir: process.env.STRATA_EXTENSION_OUT_DIR ?? '.output',
  imports: false,
  manifestVersion: 3,
  webExt: { disabled: true },
  // One manifest, two browsers: Chrome's side panel is Firefox's sidebar (WXT writes sidebar_action from the same
  // entrypoint); each browser gets only the keys it knows (`wxt build -b firefox`, checked by `web-ext lint`).
  manifest: ({ browser }) => ({
    name: 'Strata — lineage for AI answers',
    short_name: 'Strata',
    version: '0.1.0',
    description: 'Shows which datasets, adapters and contributors made an AI answer, and verifies it in a public log.',
    ...(browser === 'firefox'
      ? // Firefox has Ed25519 in Web Crypto from 129 (and MV3 content scripts and storage.session from 115); the
        // built-in data-collection consent below needs 140 (the ESR), 142 on Android.
        {
          browser_specific_settings: {
            gecko: {
              id: 'strata@strata.dev',
              strict_min_version: '140.0',
              // Firefox's built-in consent: the hashes of answers on the page (and, when the user asks, their text)
              // go to the configured Strata API (extension/README.md#privacy).
              data_collection_permissions: { required: ['websiteContent'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // 137: the first Chrome with Ed25519 in Web Crypto, which the log proof check needs (lib/log-verify.ts). Older
        // versions would install and then never verify a checkpoint; a raised minimum says so up front instead of a
        // bundled fallback (extension/README.md#browsers).
        { minimum_chrome_version: '137' }),
    // Minimal permissions: no broad host access. localhost / 127.0.0.1 are the default API (`npm start`).
    permissions: ['storage', 'contextMenus', 'activeTab', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    // Another API endpoint, or extra sites for the data-ai-output protocol, are granted one origin at a time.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Strata lineage' },
  }),
});
