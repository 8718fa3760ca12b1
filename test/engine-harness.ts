import { join } from "node:path";
import { after } from "node:test";
import { Agent } from "undici";
import { CATEGORIES } from "../src/core/categories.js";
import type { RunEvent } from "../src/download/events.js";
import type { RunSettings } from "../src/download/run.js";
import type { EngineOptions } from "../src/engine.js";
import { tempDir } from "./helpers.js";
import { VirtualClock } from "./virtual-clock.js";

export interface HarnessOptions {
	/** Settings over the defaults (1 s pacing, the seed's ladder, no slow rule: the virtual clock jumps). */
	settings?: Partial<RunSettings>;
	/** The category folders go under `<dir>/<folders>/` (default: straight under the temp folder). */
	folders?: string;
	/** Engine options over the defaults. */
	engine?: Partial<EngineOptions>;
	/** Record each event (default: push it as it is). */
	onEvent?: (e: RunEvent, clock: VirtualClock) => void;
}

/**
 * What every in-process engine test needs against the fake Civitai: a temp folder, a virtual clock,
 * an HTTP agent closed after the test, settings pointing at `baseUrl`, and engine options that keep
 * the events, write the failed list to `<dir>/failed.csv` and take no history lock. `sent` logs each
 * request with the clock's time at the moment it leaves (a dispatcher under the engine's), so gaps
 * between requests are exact.
 */
export async function inProcess(baseUrl: string, o: HarnessOptions = {}) {
	const dir = await tempDir();
	const clock = new VirtualClock();
	const agent = new Agent();
	after(() => agent.close());
	const events: RunEvent[] = [];
	const sent: { t: number; path: string }[] = [];
	const dispatcher = agent.compose((dispatch) => (opts, handler) => {
		sent.push({ t: clock.now(), path: opts.path });
		return dispatch(opts, handler);
	});
	const folders = o.folders === undefined ? dir : join(dir, o.folders);
	const settings: RunSettings = {
		baseUrl,
		apiKey: "",
		downloadPaths: Object.fromEntries(CATEGORIES.map((c) => [c, join(folders, c)])) as RunSettings["downloadPaths"],
		historyFile: join(dir, "download_history.csv"),
		sleepMs: 1000,
		retryDelaysMs: [60_000, 180_000, 300_000],
		speedThresholdBps: 0,
		slowWindowMs: 30_000,
		...o.settings,
	};
	const engine: EngineOptions = {
		settings,
		clock,
		dispatcher,
		lock: false,
		failedOut: join(dir, "failed.csv"),
		onEvent: (e) => (o.onEvent ? o.onEvent(e, clock) : events.push(e)),
		...o.engine,
	};
	return { dir, clock, agent, events, sent, settings, engine };
}
