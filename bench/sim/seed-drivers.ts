import { request } from "undici";
import { VirtualClock } from "../../test/virtual-clock.js";
import { SimCivitai, type SimRules } from "./civitai.js";
import type { Library, LibraryItem } from "./library.js";
import { bump, bytesTwice, type Outcome } from "./outcome.js";

/**
 * Models of the seed's tool, NOT civitai-dl: small drivers that talk to the same simulated Civitai
 * the way the seed's Python does (aiohttp, redirects followed, resume from the partial file's size).
 * - "before": the history in CSV order, no pause between downloads, no retry.
 * - "seed plan": the plan as written: Checkpoint → LoRA → Embedding → rest, 5 s after each success,
 *   429/503/"slow" retried after 60, 180, 300 s, anything else (a dropped connection) failed at once;
 *   "slow" is the plan's check on chunk arrival, at most once a second: the AVERAGE speed since the
 *   attempt began below 10 KB/s (scaled) for more than 30 s.
 */
export interface SeedTool {
	strategy: string;
	prioritySort: boolean;
	sleepAfterSuccessMs: number;
	retryDelaysMs: number[];
	slowCheck: boolean;
}

export const BEFORE: SeedTool = {
	strategy: "before (seed's tool, model)",
	prioritySort: false,
	sleepAfterSuccessMs: 0,
	retryDelaysMs: [],
	slowCheck: false,
};
export const SEED_PLAN: SeedTool = {
	strategy: "seed plan (model)",
	prioritySort: true,
	sleepAfterSuccessMs: 5000,
	retryDelaysMs: [60_000, 180_000, 300_000],
	slowCheck: true,
};

const PRIORITY: Record<string, number> = { checkpoint: 0, lora: 1, embedding: 2 };

type Attempt = { ok: true } | { ok: false; rateLimited: boolean; why: string };

class NightOver extends Error {}

export async function runSeedNight(lib: Library, rules: SimRules, scale: number, horizonMs: number, tool: SeedTool): Promise<Outcome> {
	const clock = new VirtualClock();
	const sim = new SimCivitai(clock, lib.catalogue, rules);
	const start = clock.now();
	const over = () => clock.now() - start >= horizonMs;
	const have = new Map<number, number>();
	const outcome: Outcome = {
		strategy: tool.strategy,
		realEngine: false,
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
	const order = tool.prioritySort
		? lib.items.map((it, i) => ({ it, i })).sort((a, b) => (PRIORITY[a.it.category] ?? 3) - (PRIORITY[b.it.category] ?? 3) || a.i - b.i)
		: lib.items.map((it, i) => ({ it, i }));

	const attempt = async (it: LibraryItem): Promise<Attempt> => {
		const meta = await request(`${sim.apiOrigin}/api/v1/model-versions/${it.versionId}`, { dispatcher: sim });
		await meta.body.dump();
		if (meta.statusCode !== 200)
			return { ok: false, rateLimited: meta.statusCode === 429 || meta.statusCode === 503, why: `HTTP ${meta.statusCode}` };
		const from = have.get(it.fileId) ?? 0;
		const api = await request(`${sim.apiOrigin}/api/download/models/${it.versionId}?fileId=${it.fileId}`, { dispatcher: sim });
		await api.body.dump();
		if (api.statusCode !== 307)
			return { ok: false, rateLimited: api.statusCode === 429 || api.statusCode === 503, why: `HTTP ${api.statusCode}` };
		const res = await request(String(api.headers.location), { dispatcher: sim, headers: from > 0 ? { range: `bytes=${from}-` } : {} });
		const began = clock.now();
		let slowSince: number | undefined;
		let lastCheck = began;
		let got = 0;
		for await (const chunk of res.body) {
			got += (chunk as Buffer).length;
			have.set(it.fileId, from + got);
			if (over()) {
				res.body.destroy();
				throw new NightOver();
			}
			const now = clock.now();
			if (!tool.slowCheck || now - lastCheck < 1000) continue;
			lastCheck = now;
			const avg = got / ((now - began) / 1000);
			if (avg < (10 * 1000) / scale) {
				slowSince ??= now;
				if (now - slowSince > 30_000) {
					res.body.destroy();
					return { ok: false, rateLimited: true, why: "slow" };
				}
			} else slowSince = undefined;
		}
		return { ok: true };
	};

	try {
		for (const { it } of order) {
			let retries = 0;
			for (;;) {
				if (over()) throw new NightOver();
				let r: Attempt;
				try {
					r = await attempt(it);
				} catch (e) {
					if (e instanceof NightOver) throw e;
					r = { ok: false, rateLimited: false, why: "connection lost" };
				}
				if (r.ok) {
					outcome.done++;
					if (it.category === "checkpoint") outcome.checkpointsDone++;
					if (retries > 0) outcome.retriedDone++;
					await clock.sleep(tool.sleepAfterSuccessMs);
					break;
				}
				const delay = r.rateLimited ? tool.retryDelaysMs[retries] : undefined;
				if (delay === undefined) {
					bump(outcome.notDone, `failed: ${r.why}`);
					break;
				}
				if (retries === 0) outcome.retried++;
				retries++;
				await clock.sleep(delay);
			}
		}
	} catch (e) {
		if (!(e instanceof NightOver)) throw e;
		const finished = outcome.done + Object.values(outcome.notDone).reduce((a, b) => a + b, 0);
		outcome.notDone["unfinished (night over)"] = lib.items.length - finished;
	}
	outcome.wallMs = Math.min(clock.now() - start, horizonMs);
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
