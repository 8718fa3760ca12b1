import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import { exitCodeFor } from "../../src/core/summary.js";
import type { RunSettings } from "../../src/download/run.js";
import { download, type RowIn, redownload } from "../../src/engine.js";
import { emptyRow } from "../../src/history/columns.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** Twenty items; while Civitai is down their ids do not matter. */
const TWENTY = Array.from({ length: 20 }, (_, i) => `version:${2000 + i}`);

/** An in-process run against the fake Civitai on a virtual clock, with the seed's and the network's default ladders. */
async function setup(opts: { faults?: Fault[]; settings?: Partial<RunSettings>; concurrency?: number } = {}) {
	const server = await fakeCivitai(opts.faults ? { faults: opts.faults } : {});
	const { dir, clock, events, engine } = await inProcess(server.baseUrl, {
		settings: {
			apiKey: KEY,
			networkRetryDelaysMs: [10_000, 30_000, 90_000],
			outageAfterFailures: 3,
			smallFiles: opts.concurrency ?? 3,
			...opts.settings,
		},
	});
	const failedRows = async () => (await readCsv(join(dir, "failed.csv"))).rows;
	return { server, clock, events, engine, failedRows };
}

describe("outages: the network ladder and the circuit breaker", () => {
	it("a refused connection waits on the network ladder (10, 30, 90 s), not the seed's", async () => {
		const { server, clock, engine } = await setup();
		await server.close();
		const summary = await download(["version:2000"], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "network");
		assert.equal(summary.retries, 3);
		assert.deepEqual(
			clock.sleeps.filter((ms) => ms >= 10_000),
			[10_000, 30_000, 90_000],
		);
		assert.equal(summary.stoppedBy, null, "one item is no outage");
	});

	it("a Cloudflare 522 on every request is a network failure on the network ladder", async () => {
		const { server, clock, engine } = await setup();
		server.outage(522);
		const summary = await download(["version:2000"], engine);
		assert.equal(summary.failures[0]!.kind, "network");
		assert.match(summary.failures[0]!.message, /522/);
		assert.deepEqual(
			clock.sleeps.filter((ms) => ms >= 10_000),
			[10_000, 30_000, 90_000],
		);
	});

	for (const [name, down] of [
		["stopped (connection refused)", async (s: Awaited<ReturnType<typeof fakeCivitai>>) => s.close()],
		["answering 503 to everything", async (s: Awaited<ReturnType<typeof fakeCivitai>>) => s.outage(503)],
	] as const) {
		it(`Civitai ${name}: 20 items park after 3, exit 3, the failed list holds all 20`, async () => {
			const { server, engine, events, failedRows } = await setup({ concurrency: 1 });
			await down(server);
			const summary = await download(TWENTY, engine);
			assert.equal(summary.stoppedBy, "outage");
			assert.equal(exitCodeFor(summary), 3);
			assert.equal(summary.failed, 3, JSON.stringify(summary.failures.slice(0, 5)));
			assert.equal(summary.parked, 17);
			const rows = await failedRows();
			assert.equal(rows.length, 20);
			const outage = rows.filter((r) => r.cells.error_kind === "outage");
			assert.deepEqual(
				rows.map((r) => r.cells.error_kind),
				[...rows.slice(0, 3).map(() => (name.startsWith("stopped") ? "network" : "rate_limited")), ...outage.map(() => "outage")],
			);
			assert.ok(outage.every((r) => /Civitai looks down or unreachable/.test(r.cells.error ?? "")));
			// only the first three items asked Civitai anything
			const asked = new Set(events.filter((e) => e.type === "retry").map((e) => (e.type === "retry" ? e.index : 0)));
			assert.deepEqual([...asked], [1, 2, 3]);
		});
	}

	it("a 429 on every request, with Retry-After: 3600: ten items park after 3, not after ten times the ladder (red team)", async () => {
		const TEN = [2000, 2010, 3000, 4000, 8000, 8010, 8020, 8030, 8040, 9000];
		const { server, clock, engine, failedRows } = await setup({ concurrency: 1 });
		server.faults.push(...TEN.map((version): Fault => ({ version, attempt: "every", kind: "rate_limit", retryAfter: 3600 })));
		const t0 = clock.now();
		const summary = await download(
			TEN.map((v) => `version:${v}`),
			engine,
		);
		assert.equal(summary.stoppedBy, "outage");
		assert.equal(exitCodeFor(summary), 3);
		assert.equal(summary.failed, 3);
		assert.equal(summary.parked, 7);
		assert.equal((await failedRows()).length, 10);
		// three items of three hour-long waits each; before, all ten of them: 30 virtual hours
		assert.ok(clock.now() - t0 <= 10 * 3600_000, `${(clock.now() - t0) / 3600_000} virtual hours`);
	});

	it("three lanes: the run still parks, every item is in the failed list", async () => {
		const { server, engine, failedRows } = await setup({ concurrency: 3 });
		await server.close();
		const summary = await download(TWENTY, engine);
		assert.equal(summary.stoppedBy, "outage");
		assert.equal(summary.failed + summary.parked, 20);
		assert.ok(summary.parked >= 14, `parked ${summary.parked}`);
		assert.equal((await failedRows()).length, 20);
	});

	it("a success between failures resets the count: no park", async () => {
		const unavailable = (version: number): Fault => ({ version, attempt: "every", kind: "unavailable" });
		// fail, fail, ok, fail, fail, ok, fail, fail, ok, fail (one lane: items end in order)
		const { engine } = await setup({
			faults: [2000, 2010, 4000, 8000, 8020, 8030, 9000].map(unavailable),
			settings: { retryDelaysMs: [1000] },
			concurrency: 1,
		});
		const summary = await download(
			[2000, 2010, 3000, 4000, 8000, 8010, 8020, 8030, 8040, 9000].map((v) => `version:${v}`),
			engine,
		);
		assert.equal(summary.stoppedBy, null);
		assert.equal(summary.succeeded, 3);
		assert.equal(summary.failed, 7);
		assert.equal(summary.parked, 0);
		assert.ok(summary.failures.every((f) => f.kind === "rate_limited"));
	});

	it("outage_after_failures 0 never parks", async () => {
		const { server, engine } = await setup({ settings: { outageAfterFailures: 0, networkRetryDelaysMs: [] } });
		await server.close();
		const summary = await download(TWENTY.slice(0, 6), engine);
		assert.equal(summary.stoppedBy, null);
		assert.equal(summary.failed, 6);
	});
});

describe("broken files are not an outage (issue 25, finding 4)", () => {
	/** History rows: three versions whose downloads always answer 503 first, three healthy ones after. */
	const BROKEN = [2000, 2010, 4000];
	const rows: RowIn[] = [...BROKEN, 3000, 8010, 8040].map((v) => ({
		...emptyRow(),
		model_type: "lora",
		url: `https://civitai.com/api/download/models/${v}`,
		version_id: String(v),
	}));
	/** The last run's failed list: the broken three failed (after their retries), the rest was parked. */
	const lastRun: RowIn[] = rows.map((r, i) => ({ ...r, error_kind: i < 3 ? "rate_limited" : "outage" }));
	const unavailable = (version: number): Fault => ({ version, attempt: "every", kind: "unavailable" });
	const faults = BROKEN.map(unavailable);

	it("the items that failed last time go last; failing again while the API answers for them, they do not park the rest", async () => {
		const { engine, events } = await setup({ faults, settings: { retryDelaysMs: [1000] }, concurrency: 1 });
		const summary = await redownload(rows, { ...engine, ordered: false, failedBefore: lastRun });
		assert.equal(summary.stoppedBy, null);
		assert.equal(summary.succeeded, 3);
		assert.equal(summary.failed, 3);
		assert.equal(summary.parked, 0);
		assert.deepEqual(
			events.flatMap((e) => (e.type === "fail" ? [e.index] : [])),
			[4, 5, 6],
			"the three that failed before came last",
		);
	});

	it("items that all failed before, while Civitai's API answers nothing (no lookup gets through): they count, the run parks after three", async () => {
		const { server, engine } = await setup({ settings: { retryDelaysMs: [1000] }, concurrency: 1 });
		server.outage(503);
		const allFailed = rows.map((r) => ({ ...r, error_kind: "network" }));
		const summary = await redownload(rows, { ...engine, ordered: false, failedBefore: allFailed });
		assert.equal(summary.stoppedBy, "outage");
		assert.equal(summary.failed, 3);
		assert.equal(summary.parked, 3);
	});

	it("without a failed list (the first night), the three broken ones first by their order still trip the breaker", async () => {
		const { engine } = await setup({ faults, settings: { retryDelaysMs: [1000] }, concurrency: 1 });
		const summary = await redownload(rows, { ...engine, ordered: false });
		assert.equal(summary.stoppedBy, "outage");
		assert.equal(summary.parked, 3);
	});
});
