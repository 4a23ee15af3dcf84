import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(__dirname, '..', 'artifacts');

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

// Debian's chromium, headless, nothing phoning home. launch() gives every run a fresh
// temporary profile (user-data dir) and deletes it on close.
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  // English unless a test asks otherwise: the portal follows the browser's language.
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
}

// The page's window, typed here because the tests compile without the DOM library.
interface ScrollingWindow {
  scrollX: number;
  scrollY: number;
  scrollTo(x: number, y: number): void;
}

// A full-page shot makes Chromium lay the page out at its whole height for a moment
// (captureBeyondViewport). Coming back, the document reports a different scroll offset from
// the one on screen, and the next focus change (a mouse-down on a button) snaps the page back:
// mouse-down and mouse-up then hit different elements, the browser sends the click to their
// common ancestor and a submit button does nothing. Putting the scroll offset back afterwards
// keeps the page as the user would have it.
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const at = await page.evaluate(() => {
    const w = globalThis as unknown as ScrollingWindow;
    return { x: w.scrollX, y: w.scrollY };
  });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
  await page.evaluate(({ x, y }) => (globalThis as unknown as ScrollingWindow).scrollTo(x, y), at);
}
