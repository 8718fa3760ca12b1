import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import type { RunEvent } from "../../src/core/events.js";
import type { RunSettings } from "../../src/download/run.js";
import { download, type RowIn, redownload } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** Ten small files (LoRAs and an embedding): they share the lanes. */
const SMALL = [2000, 2010, 3000, 4000, 8000, 8010, 8020, 8030, 8040, 9000].map((v) => `version:${v}`);

/**
 * An in-process run against the fake Civitai on a virtual clock. Every request is logged with the
 * clock's time at the moment it leaves (a dispatcher under the engine's), so gaps are exact.
 */
async function setup(opts: { faults?: Fault[]; downloadQuota?: number; settings?: Partial<RunSettings> } = {}) {
	const server = await fakeCivitai({
		...(opts.faults ? { faults: opts.faults } : {}),
		...(opts.downloadQuota !== undefined ? { downloadQuota: opts.downloadQuota } : {}),
	});
	const events: (RunEvent & { at: number; seq: number })[] = [];
	const { dir, clock, engine, sent } = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, smallFiles: 3, ...opts.settings },
		onEvent: (e, clock) => events.push({ ...e, at: clock.now(), seq: sent.length }),
	});
	const downloads = () => sent.filter((s) => s.path.startsWith("/api/download/"));
	return { server, dir, clock, sent, downloads, events, engine };
}

describe("engine timing, in process on a virtual clock", () => {
	it("three lanes: at least sleep_between_downloads between any two download requests; the first does not wait", async () => {
		const { clock, downloads, events, engine } = await setup();
		const t0 = clock.now();
		const summary = await download(SMALL, engine);
		assert.equal(summary.succeeded, 10, JSON.stringify(summary.failures));
		const times = downloads().map((s) => s.t);
		assert.equal(times.length, 10);
		assert.equal(times[0], t0, "the first download request waited");
		const gaps = times.slice(1).map((t, i) => t - times[i]!);
		assert.ok(
			gaps.every((g) => g >= 1000),
			`gaps: ${gaps.join(", ")}`,
		);
		assert.ok(
			events.some((e) => e.type === "wait" && e.reason === "pacing"),
			"the pacing wait is reported",
		);
	});

	it("a second run skips everything without waiting", async () => {
		const { clock, downloads, engine } = await setup();
		await download(SMALL.slice(0, 3), engine);
		const before = downloads().length;
		const sleeps = clock.sleeps.length;
		const again = await download(SMALL.slice(0, 3), engine);
		assert.equal(again.skipped, 3);
		assert.equal(downloads().length, before);
		assert.deepEqual(clock.sleeps.slice(sleeps), [], "a skip waited");
	});

	it("the retry ladder waits 60, 180 and 300 s, then fails the item as rate_limited", async () => {
		const { clock, engine, events } = await setup({ faults: [{ version: 2000, attempt: "every", kind: "rate_limit" }] });
		const summary = await download(["version:2000"], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "rate_limited");
		assert.equal(summary.retries, 3);
		assert.deepEqual(
			clock.sleeps.filter((ms) => ms >= 60_000),
			[60_000, 180_000, 300_000],
		);
		assert.deepEqual(
			events.filter((e) => e.type === "retry").map((e) => (e.type === "retry" ? e.delayMs : 0)),
			[60_000, 180_000, 300_000],
		);
	});

	it("a file that keeps moving through drops is not given up on: a drop that brought new bytes starts the ladder afresh", async () => {
		// one retry on the ladder, and four drops, each further into the 512 KiB file than the last
		const drops = [100_000, 200_000, 300_000, 400_000].map((at, i) => ({
			version: 1000,
			attempt: i + 1,
			kind: "drop" as const,
			afterBytes: at,
		}));
		const { clock, engine, events } = await setup({ faults: drops, settings: { retryDelaysMs: [60_000] } });
		const summary = await download(["version:1000"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(summary.retries, 4);
		assert.deepEqual(
			clock.sleeps.filter((ms) => ms >= 60_000),
			[60_000, 60_000, 60_000, 60_000],
			"each retry still waits the ladder's delay",
		);
		assert.deepEqual(
			events.flatMap((e) => (e.type === "retry" ? [e.retry] : [])),
			[1, 1, 1, 1],
		);
	});

	it("a storage that drips a few new bytes before each drop runs out of the ladder: a byte is not progress (red team)", async () => {
		// every attempt brings 16 bytes more of the 512 KiB file, then drops: before, each drop gave the ladder back, for ever
		const drip = Array.from({ length: 60 }, (_, i) => ({ version: 1000, attempt: i + 1, kind: "drop" as const, afterBytes: (i + 1) * 16 }));
		const { clock, engine } = await setup({ faults: drip });
		const t0 = clock.now();
		const summary = await download(["version:1000"], engine);
		assert.equal(summary.failed, 1, "given up on");
		assert.equal(summary.retries, 3, "the ladder's three retries");
		assert.ok(clock.now() - t0 <= 10 * 60_000, `${(clock.now() - t0) / 60_000} virtual minutes`);
	});

	it("a file that stops moving still runs out of its ladder", async () => {
		// a drop that brought bytes, then a storage that refuses every request: no new byte, so no retry is given back
		const { engine } = await setup({
			faults: [
				{ version: 1000, attempt: 1, kind: "drop", afterBytes: 100_000 },
				{ version: 1000, attempt: "every", kind: "storage_page", status: 500, contentType: "text/plain", body: "internal error" },
			],
			settings: { retryDelaysMs: [60_000, 60_000] },
		});
		const summary = await download(["version:1000"], engine);
		assert.equal(summary.failed, 1, "gave up");
		assert.equal(summary.retries, 2, "the ladder's two retries, then it gives up");
	});

	it("a 429 with Retry-After on one lane pushes every lane's next download request back", async () => {
		const { downloads, engine, events, sent } = await setup({
			faults: [{ version: 2000, attempt: 1, kind: "rate_limit", retryAfter: 120 }],
			settings: { sleepMs: 0, retryDelaysMs: [1000] },
		});
		const summary = await download(SMALL, engine);
		assert.equal(summary.succeeded, 10, JSON.stringify(summary.failures));
		const retry = events.find((e) => e.type === "retry")!;
		assert.equal(retry.type === "retry" && retry.delayMs, 120_000, "Retry-After beat the 1 s step");
		// every download request that left after the 429 was handled waited out its Retry-After
		const later = downloads().filter((s) => sent.indexOf(s) >= retry.seq);
		assert.ok(later.length >= 3, `only ${later.length} download requests after the 429`);
		for (const s of later) assert.ok(s.t >= retry.at + 120_000, `${s.path} left ${s.t - retry.at} ms after the 429`);
	});

	it("the daily quota on one lane parks the rest, with a failed list", async () => {
		const { engine, dir } = await setup({ downloadQuota: 1, settings: { sleepMs: 0 } });
		const summary = await download(SMALL, engine);
		assert.equal(summary.stoppedBy, "quota");
		assert.equal(summary.succeeded, 1);
		assert.equal(summary.succeeded + summary.failed + summary.parked, 10);
		assert.ok(summary.parked >= 5, `parked ${summary.parked}`);
		assert.ok(summary.failures.every((f) => f.kind === "quota"));
		const rows = (await readCsv(join(dir, "failed.csv"))).rows;
		assert.equal(rows.length, 9);
	});
});

describe("per-item file-system errors", () => {
	it("a path too long for the file system fails that item as `disk` and the run goes on", async () => {
		const { engine, dir, server } = await setup({ settings: { sleepMs: 0 } });
		const row = (vid: number, path: string): RowIn => ({
			timestamp: "2024-10-24 10:00:00",
			model_type: "lora",
			url: `${server.baseUrl}/api/download/models/${vid}`,
			filename: "x",
			model_id: "",
			version_id: String(vid),
			file_id: "",
			size_bytes: "",
			sha256: "",
			path,
		});
		const summary = await redownload(
			[row(2000, join(dir, "x".repeat(5000), "lora1.safetensors")), row(2010, join(dir, "ok", "lora2.safetensors"))],
			{
				...engine,
				ordered: false,
			},
		);
		assert.equal(summary.succeeded, 1);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "disk");
		assert.match(summary.failures[0]!.message, /ENAMETOOLONG/);
		assert.equal(summary.failedListPath, join(dir, "failed.csv"));
	});
});
