import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATEGORIES } from "../../src/core/categories.js";
import type { RunEvent } from "../../src/core/events.js";
import type { RunSettings } from "../../src/download/run.js";
import { redownload } from "../../src/engine.js";
import { VirtualClock } from "../../test/virtual-clock.js";
import { SimCivitai, type SimRules } from "./civitai.js";
import type { Library } from "./library.js";
import { bump, bytesTwice, type Outcome } from "./outcome.js";

export const SIM_KEY = "0123456789abcdef0123456789abcdef";

/** civitai-dl's defaults (src/config/load.ts), with the speed threshold scaled like the bytes. */
export function defaultSettings(dir: string, baseUrl: string, scale: number): RunSettings {
	return {
		baseUrl,
		redBaseUrl: null,
		apiKey: SIM_KEY,
		downloadPaths: Object.fromEntries(CATEGORIES.map((c) => [c, join(dir, c)])) as RunSettings["downloadPaths"],
		historyFile: join(dir, "download_history.csv"),
		sleepMs: 5000,
		retryDelaysMs: [60_000, 180_000, 300_000],
		networkRetryDelaysMs: [10_000, 30_000, 90_000],
		outageAfterFailures: 3,
		speedThresholdBps: (10 * 1024) / scale,
		slowWindowMs: 30_000,
	} as RunSettings;
}

export interface EngineRun {
	strategy: string;
	concurrency: number;
	/** Changes to the defaults (the test uses this to check that a less polite engine fails). */
	settings?: Partial<RunSettings>;
}

/**
 * civitai-dl itself: `redownload` over the library's history rows, with the simulated Civitai as
 * its dispatcher and a virtual clock. The night ends at `horizonMs`: the run is interrupted there.
 */
export async function runEngineNight(lib: Library, rules: SimRules, scale: number, horizonMs: number, run: EngineRun): Promise<Outcome> {
	const dir = await mkdtemp(join(tmpdir(), "civitai-dl-sim-"));
	const clock = new VirtualClock();
	const sim = new SimCivitai(clock, lib.catalogue, rules);
	const start = clock.now();
	const ac = new AbortController();
	// a tick, not a sleep: auto mode must not jump to the end of the night while the disk is busy
	const stopWatch = clock.every(10_000, () => {
		if (clock.now() - start >= horizonMs) ac.abort();
	});
	const category = new Map<number, string>();
	const retried = new Set<number>();
	const outcome: Outcome = {
		strategy: run.strategy,
		realEngine: true,
		total: lib.items.length,
		checkpoints: lib.items.filter((i) => i.category === "checkpoint").length,
		checkpointsDone: 0,
		done: 0,
		retried: 0,
		retriedDone: 0,
		wallMs: 0,
		civitaiRequests: 0,
		downloadRequests: 0,
		rateLimited: 0,
		quotaLimited: 0,
		bytesTwice: 0,
		bytesServed: 0,
		notDone: {},
	};
	const onEvent = (e: RunEvent) => {
		if (e.type === "run_start") for (const it of e.items) category.set(it.index, it.category);
		else if (e.type === "retry") retried.add(e.index);
		else if (e.type === "done") {
			outcome.done++;
			if (category.get(e.index) === "checkpoint") outcome.checkpointsDone++;
			if (retried.has(e.index)) outcome.retriedDone++;
		} else if (e.type === "fail") {
			const why = e.parked ? (ac.signal.aborted ? "unfinished (night over)" : `parked: ${e.kind}`) : `failed: ${e.kind}`;
			bump(outcome.notDone, why);
		}
	};
	try {
		await redownload(lib.rows, {
			settings: { ...defaultSettings(dir, sim.apiOrigin, scale), ...run.settings },
			clock,
			dispatcher: sim,
			lock: false,
			concurrency: run.concurrency,
			signal: ac.signal,
			onEvent,
		});
	} finally {
		stopWatch();
		await rm(dir, { recursive: true, force: true });
	}
	outcome.wallMs = clock.now() - start;
	outcome.retried = retried.size;
	Object.assign(outcome, {
		civitaiRequests: sim.stats.civitaiRequests,
		downloadRequests: sim.stats.downloadRequests,
		rateLimited: sim.stats.rateLimited,
		quotaLimited: sim.stats.quotaLimited,
		bytesTwice: bytesTwice(sim.stats.served, lib.items),
		bytesServed: [...sim.stats.served.values()].reduce((a, b) => a + b, 0),
	});
	return outcome;
}
