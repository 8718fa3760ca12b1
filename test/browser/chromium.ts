import { existsSync } from "node:fs";
import type { TestContext } from "node:test";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (`.ci/run` installs it when missing); CIVITAI_DL_CHROMIUM names another. */
export const CHROMIUM = process.env.CIVITAI_DL_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Flags for a machine with no network: nothing started in the background (updates, sync, metrics)
 * tries to reach a host. Playwright adds --headless and a new, empty --user-data-dir of its own.
 */
const FLAGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
];

/**
 * The headless browser, or the reason there is none (a developer's machine without Chromium: the
 * tests skip with it, see `skipWithout`). Where the browser tests must run (this project's CI:
 * `.ci/run` sets CIVITAI_DL_REQUIRE_BROWSER=1 after installing Chromium) a missing browser is an error;
 * elsewhere (a developer's machine, GitHub's hosted runners) they skip and say why.
 */
export async function launchBrowser(): Promise<Browser | string> {
	if (!existsSync(CHROMIUM)) {
		const why = `no browser at ${CHROMIUM} (apt-get install chromium, as .ci/run does; or set CIVITAI_DL_CHROMIUM)`;
		if (process.env.CIVITAI_DL_REQUIRE_BROWSER) throw new Error(`the browser tests must run here (CIVITAI_DL_REQUIRE_BROWSER): ${why}`);
		return why;
	}
	return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Skip a test for want of a browser, saying why (as the disk-full test does for want of a tmpfs). */
export function skipWithout(t: TestContext, why: string): void {
	process.stderr.write(`# skipped: ${why}\n`);
	t.skip(why);
}
