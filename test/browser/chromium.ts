/**
 * What every browser test shares: Debian's Chromium (installed by .ci/install-browser.sh, never
 * downloaded by the test tool) with the flags this machine needs, the accessibility rules checked
 * with axe-core, the viewport of a phone, and where screenshots go.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
export const PHONE = { width: 390, height: 844 };
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** `skip` for describe(): the reason when Chromium is missing, false otherwise. */
export const chromiumSkip: string | false = fs.existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (run .ci/install-browser.sh)`;
