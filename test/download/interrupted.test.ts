import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { download } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fileSha256 } from "../helpers/files.js";
import { fakeCivitai, KEY } from "../helpers.js";
import type { VirtualClock } from "../virtual-clock.js";

/** A small deterministic generator, so that a failing sequence of stop points can be replayed. */
function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const SIZE = 512 * 1024; // checkpoint1.safetensors, version 1000

/** Each chunk of a body moves the virtual clock 250 ms on, as a real transfer takes time: the writer hands what arrived to the disk as time passes. */
function timePasses(clock: VirtualClock): Dispatcher.DispatcherComposeInterceptor {
	return (dispatch) => (opts, handler) =>
		dispatch(
			opts,
			new Proxy(handler, {
				get(target, prop) {
					const value = Reflect.get(target, prop, target) as unknown;
					if (typeof value !== "function") return value;
					if (prop !== "onResponseData" && prop !== "onData") return value.bind(target);
					return (...args: unknown[]) => {
						clock.advance(250);
						return value.apply(target, args);
					};
				},
			}),
		);
}

/** The partial file's size, 0 when there is none. */
const sizeOf = (path: string) =>
	stat(path).then(
		(s) => s.size,
		() => 0,
	);

describe("stopped again and again, in process", () => {
	it("a download interrupted 20 times in a row, each a random number of bytes further on, ends verified, resumed each time, with one history row", async () => {
		// 512 KiB at 256 KiB/s: about 2 s of transfer in all, so every stop lands mid-file
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: "every", kind: "throttle", bytesPerSecond: 256 * 1024 }] });
		const seed = Number(process.env.KILL_SEED ?? 20261206);
		const random = prng(seed);
		const base = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [100] } });
		const part = join(base.dir, "checkpoint", "checkpoint1.safetensors.part");
		const dispatcher = base.agent.compose(timePasses(base.clock));
		const points: number[] = [];
		for (let k = 0; k < Number(process.env.KILL_COUNT ?? 20); k++) {
			// up to a tenth of the file further on each time: twenty stops spread over the whole file
			const at = (await sizeOf(part)) + 1 + Math.round((random() * SIZE) / 10);
			points.push(at);
			const ac = new AbortController();
			const run = download(["version:1000"], { ...base.engine, dispatcher, signal: ac.signal });
			let settled = false;
			void run.finally(() => {
				settled = true;
			});
			while (!settled && (await sizeOf(part)) < at) await sleep(1);
			ac.abort();
			const s = await run;
			if (s.succeeded === 1) break; // the stop came after the last byte
			assert.equal(s.stoppedBy, "interrupt", `stop ${k} at byte ${at}: ${JSON.stringify(s.failures)}`);
		}
		const last = await download(["version:1000"], base.engine);
		assert.equal(last.failed, 0, `${JSON.stringify(last.failures)} (seed ${seed}, stops at ${points.join(", ")})`);
		const file = join(base.dir, "checkpoint", "checkpoint1.safetensors");
		const api = (await (await fetch(`${server.baseUrl}/api/v1/model-versions/1000`)).json()) as { files: { hashes: { SHA256: string } }[] };
		assert.equal(await fileSha256(file), api.files[0]!.hashes.SHA256);
		assert.equal((await readCsv(base.settings.historyFile)).rows.length, 1, `seed ${seed}`);
		// the partial was resumed, not restarted each time
		const ranged = server.requests.filter((q) => q.origin === "storage" && q.range !== undefined);
		assert.ok(ranged.length >= 3, `only ${ranged.length} resumed requests (stops at ${points.join(", ")})`);
	});
});
