import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { launchApp, type AppSession, type SampleCollection } from "../../src/index.js";
import { repoRoot } from "./env.js";

/** A system Chromium, used when the machine has one (Debian's package installs it here). */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium to drive: the system's when installed, else the headless build that ships
 * inside the @sparticuz/chromium npm package (a dev dependency), unpacked to the temp
 * folder on first use. Either way the tests need nothing beyond `npm ci`.
 */
export async function chromiumExecutable(): Promise<{ path: string; origin: "system" | "npm" }> {
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, origin: "system" };
  const { default: packaged } = await import("@sparticuz/chromium");
  // executablePath() also points LD_LIBRARY_PATH and fontconfig at the libraries and fonts it unpacks.
  return { path: await packaged.executablePath(), origin: "npm" };
}

/** A running browser: its context, and `close()` that stops it and removes its profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile and everything that would reach the
 * network switched off (the test machines reach only the package registries).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: (await chromiumExecutable()).path,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      // Chromium's helper processes may still be writing the profile for a moment.
      await fs.promises.rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/** The folder for screenshots: test-output/app (gitignored). */
export function screenshotDir(): string {
  const dir = path.join(repoRoot, "test-output", "app");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The app serving a collection, and a browser page open on it. */
export interface AppInBrowser {
  session: AppSession;
  page: Page;
  /** Closes the browser, then stops the app. */
  close(): Promise<void>;
}

/** Serves `collection` in the app on a free port and opens it in a fresh headless Chromium. */
export async function openAppInBrowser(collection: SampleCollection): Promise<AppInBrowser> {
  const session = await launchApp(collection, { port: 0 });
  let browser: TestBrowser | undefined;
  let page: Page;
  try {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(session.url);
  } catch (err) {
    await browser?.close();
    await session.close();
    throw err;
  }
  const opened = browser;
  return {
    session,
    page,
    async close() {
      await opened.close();
      await session.close();
    },
  };
}
