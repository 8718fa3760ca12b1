import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redownload } from "../../src/engine.js";
import { VirtualClock } from "../../test/virtual-clock.js";
import { SimCivitai } from "./civitai.js";
import { defaultSettings } from "./engine-driver.js";
import { makeLibrary } from "./library.js";
import { defaultScenario } from "./scenario.js";

const s = defaultScenario();
const lib = makeLibrary(s.shape, s.seed, s.scale, "https://civitai.sim");
const clock = new VirtualClock();
const sim = new SimCivitai(clock, lib.catalogue, s.rules);
const dir = await mkdtemp(join(tmpdir(), "sim-probe-"));
const waits: Record<string, number> = {};
let pacing = 0;
const t0 = clock.now();
const cat = new Map<number, string>();
await redownload(lib.rows, {
	settings: defaultSettings(dir, sim.apiOrigin, s.scale),
	clock,
	dispatcher: sim,
	lock: false,
	concurrency: 1,
	onEvent: (e) => {
		if (e.type === "run_start") for (const it of e.items) cat.set(it.index, it.category);
		if (e.type === "retry") {
			waits[e.kind] = (waits[e.kind] ?? 0) + e.delayMs;
			if (cat.get(e.index) === "checkpoint")
				console.log("ckpt retry", e.index, e.retry, e.kind, e.reason.slice(0, 80), Math.round((clock.now() - t0) / 60000));
		}
		if (e.type === "wait") pacing += e.delayMs;
		if (e.type === "fail") console.log("FAIL", e.name, e.kind, e.message.slice(0, 100));
		if (e.type === "done" && cat.get(e.index) === "checkpoint") console.log("ckpt done", e.index, Math.round((clock.now() - t0) / 60000));
	},
});
console.log({
	waits,
	pacing,
	wall: (clock.now() - t0) / 60000,
	served: ([...sim.stats.served.values()].reduce((a, b) => a + b, 0) * 1000) / 1e9,
	drops: sim.stats.drops,
	r429: sim.stats.rateLimited,
});
