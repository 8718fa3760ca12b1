import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATEGORIES } from "../../src/core/categories.js";
import type { RunEvent } from "../../src/core/events.js";
import type { RunSettings } from "../../src/download/run.js";
import { redownload } from "../../src/engine.js";
import { VirtualClock } from "../../test/virtual-clock.js";
import { SimCivitai } from "./civitai.js";
import type { Library } from "./library.js";
import { bump, emptyOutcome, type Outcome, takeStats } from "./outcome.js";
import type { Scenario } from "./scenario.js";

export const SIM_KEY = "0123456789abcdef0123456789abcdef";
const DAY = 86_400_000;

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
 * its dispatcher and a virtual clock. Each night ends at `horizonMs` (the run is interrupted there);
 * the next night starts a day after the previous one, on the same folders and the same Civitai.
 */
export async function runEngineNights(lib: Library, s: Scenario, run: EngineRun): Promise<Outcome> {
	const dir = await mkdtemp(join(tmpdir(), "civitai-dl-sim-"));
	const clock = new VirtualClock();
	const sim = new SimCivitai(clock, lib.catalogue, s.rules);
	const start = clock.now();
	const outcome = emptyOutcome(run.strategy, true, lib.items);
	const retried = new Set<string>();
	const doneNames = new Set<string>();
	const nights = s.nights ?? 1;
	try {
		for (let night = 0; night < nights; night++) {
			const nightStart = start + night * DAY;
			if (clock.now() < nightStart) await clock.sleep(nightStart - clock.now());
			const last = night === nights - 1;
			const ac = new AbortController();
			// a tick, not a sleep: auto mode must not jump to the end of the night while the disk is busy
			const stopWatch = clock.every(10_000, () => {
				if (clock.now() - nightStart >= s.horizonMs) ac.abort();
			});
			const category = new Map<number, string>();
			const nightCounts: Record<string, number> = {};
			const onEvent = (e: RunEvent) => {
				if (e.type === "run_start") for (const it of e.items) category.set(it.index, it.category);
				else if (e.type === "retry") retried.add(e.name);
				else if (e.type === "done") {
					doneNames.add(e.name);
					bump(nightCounts, "done");
					outcome.done++;
					if (category.get(e.index) === "checkpoint") outcome.checkpointsDone++;
					if (retried.has(e.name)) outcome.retriedDone++;
				} else if (e.type === "fail") {
					const why = e.parked ? (ac.signal.aborted ? "unfinished (night over)" : `parked: ${e.kind}`) : `failed: ${e.kind}`;
					bump(nightCounts, why);
					if (last) bump(outcome.notDone, why);
				}
			};
			const summary = await redownload(lib.rows, {
				settings: { ...defaultSettings(dir, sim.apiOrigin, s.scale), ...run.settings, smallFiles: run.concurrency },
				clock,
				dispatcher: sim,
				lock: false,
				signal: ac.signal,
				onEvent,
			}).finally(stopWatch);
			if (Object.keys(nightCounts).length === 0) break; // everything was there already: no need for this night
			outcome.wallMs = clock.now() - start;
			const counts = Object.entries(nightCounts).map(([k, n]) => `${n} ${k}`);
			outcome.nightLog.push(
				`night ${night + 1}: ${counts.join(", ") || "nothing left"}; stopped by ${summary.stoppedBy ?? "nothing (run complete)"}`,
			);
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	outcome.retried = retried.size;
	takeStats(outcome, sim.stats, lib.items);
	return outcome;
}
