import { request } from "undici";
import { VirtualClock } from "../../test/virtual-clock.js";
import { SimCivitai } from "./civitai.js";
import type { Library, LibraryItem } from "./library.js";
import { bump, emptyOutcome, type Outcome, takeStats } from "./outcome.js";
import type { Scenario } from "./scenario.js";

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

const DAY = 86_400_000;

/** The seed tool over the scenario's nights (one day apart; a complete file is skipped the next night). */
export async function runSeedNights(lib: Library, s: Scenario, tool: SeedTool): Promise<Outcome> {
	const clock = new VirtualClock();
	const sim = new SimCivitai(clock, lib.catalogue, s.rules);
	const start = clock.now();
	const have = new Map<number, number>();
	const outcome = emptyOutcome(tool.strategy, false, lib.items);
	const retried = new Set<number>();
	const order = tool.prioritySort
		? lib.items.map((it, i) => ({ it, i })).sort((a, b) => (PRIORITY[a.it.category] ?? 3) - (PRIORITY[b.it.category] ?? 3) || a.i - b.i)
		: lib.items.map((it, i) => ({ it, i }));
	const nights = s.nights ?? 1;
	for (let night = 0; night < nights; night++) {
		const nightStart = start + night * DAY;
		if (clock.now() < nightStart) await clock.sleep(nightStart - clock.now());
		const counts: Record<string, number> = {};
		const over = () => clock.now() - nightStart >= s.horizonMs;
		const todo = order.filter(({ it }) => (have.get(it.fileId) ?? 0) < it.sizeBytes);
		if (todo.length === 0) break;
		try {
			for (const { it } of todo) {
				const r = await oneItem(it, { sim, clock, tool, scale: s.scale, have, over, retried });
				if (r === "done") {
					outcome.done++;
					if (it.category === "checkpoint") outcome.checkpointsDone++;
					if (retried.has(it.fileId)) outcome.retriedDone++;
				}
				bump(counts, r);
			}
		} catch (e) {
			if (!(e instanceof NightOver)) throw e;
			counts["unfinished (night over)"] = todo.length - Object.values(counts).reduce((a, b) => a + b, 0);
		}
		outcome.wallMs = Math.min(clock.now(), nightStart + s.horizonMs) - start;
		outcome.nightLog.push(
			`night ${night + 1}: ${
				Object.entries(counts)
					.map(([k, n]) => `${n} ${k}`)
					.join(", ") || "nothing left"
			}`,
		);
		if (night === nights - 1) for (const [k, n] of Object.entries(counts)) if (k !== "done") outcome.notDone[k] = n;
	}
	outcome.retried = retried.size;
	takeStats(outcome, sim.stats, lib.items);
	return outcome;
}

interface ItemEnv {
	sim: SimCivitai;
	clock: VirtualClock;
	tool: SeedTool;
	scale: number;
	have: Map<number, number>;
	over: () => boolean;
	retried: Set<number>;
}

/** One item the seed's way: attempts on its ladder; "done" or "failed: why". Throws NightOver. */
async function oneItem(it: LibraryItem, env: ItemEnv): Promise<string> {
	const { clock, tool } = env;
	for (let retries = 0; ; retries++) {
		if (env.over()) throw new NightOver();
		let r: Attempt;
		try {
			r = await attempt(it, env);
		} catch (e) {
			if (e instanceof NightOver) throw e;
			r = { ok: false, rateLimited: false, why: "connection lost" };
		}
		if (r.ok) {
			await clock.sleep(tool.sleepAfterSuccessMs);
			return "done";
		}
		const delay = r.rateLimited ? tool.retryDelaysMs[retries] : undefined;
		if (delay === undefined) return `failed: ${r.why}`;
		env.retried.add(it.fileId);
		await clock.sleep(delay);
	}
}

async function attempt(it: LibraryItem, env: ItemEnv): Promise<Attempt> {
	const { sim, clock, tool, have } = env;
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
		if (env.over()) {
			res.body.destroy();
			throw new NightOver();
		}
		const now = clock.now();
		if (!tool.slowCheck || now - lastCheck < 1000) continue;
		lastCheck = now;
		// the plan's check: the average since the attempt began, not the speed now
		const avg = got / ((now - began) / 1000);
		if (avg < (10 * 1000) / env.scale) {
			slowSince ??= now;
			if (now - slowSince > 30_000) {
				res.body.destroy();
				return { ok: false, rateLimited: true, why: "slow" };
			}
		} else slowSince = undefined;
	}
	return { ok: true };
}
