// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core, with the flags this
// machine's closed network needs, and the folder the screenshots go to.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.DVC_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/dashboard/', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Whether the browser tests can run here (CI installs Chromium, so there they never skip). */
export const browserAvailable = existsSync(CHROMIUM) || Boolean(process.env.CI);

/** Starts headless Chromium (and makes the screenshots folder). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
