import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import type { RunEvent } from "../../src/core/events.js";
import type { RunSettings } from "../../src/download/run.js";
import { download, redownload } from "../../src/engine.js";
import { emptyRow, HISTORY_COLUMNS } from "../../src/history/columns.js";
import { readCsv, writeCsv } from "../../src/history/csv-file.js";
import { en } from "../../src/i18n/en.js";
import { discordPayload } from "../../src/notify/payloads.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** What a run says, in process on a virtual clock (issue 27: the words of the second hour). */
async function setup(opts: { faults?: Fault[]; downloadQuota?: number; settings?: Partial<RunSettings> } = {}) {
	const server = await fakeCivitai({
		...(opts.faults ? { faults: opts.faults } : {}),
		...(opts.downloadQuota !== undefined ? { downloadQuota: opts.downloadQuota } : {}),
	});
	const events: RunEvent[] = [];
	const run = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, smallFiles: 3, ...opts.settings },
		onEvent: (e) => events.push(e),
	});
	return { ...run, server, events };
}

describe("a dropped connection in words (point 17)", () => {
	it("says how much had arrived as a size, and why in words, not undici's code", async () => {
		const { engine, events } = await setup({ faults: [{ version: 1000, attempt: 1, kind: "drop", afterBytes: 100_000 }] });
		const summary = await download(["version:1000"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const retry = events.find((e) => e.type === "retry");
		assert.ok(retry?.type === "retry");
		assert.match(retry.reason, /^Connection lost after [\d.]+ KiB: /);
		assert.doesNotMatch(retry.reason, /UND_ERR|\bE[A-Z]{4,}\b/);
	});
});

/** Ten small files (LoRAs and an embedding): they share three lanes. */
const SMALL = [2000, 2010, 3000, 4000, 8000, 8010, 8020, 8030, 8040, 9000].map((v) => `version:${v}`);

describe("a pacing wait names the item whose request waits (point 6)", () => {
	it("three lanes: every wait says its item, and that item's download starts after it", async () => {
		const { engine, events } = await setup();
		const summary = await download(SMALL, engine);
		assert.equal(summary.succeeded, 10, JSON.stringify(summary.failures));
		const waits = events.flatMap((e, at) => (e.type === "wait" ? [{ e, at }] : []));
		assert.ok(waits.length >= 9, `${waits.length} waits`);
		for (const { e, at } of waits) {
			assert.ok(e.index !== undefined && e.name !== undefined, JSON.stringify(e));
			const start = events.findIndex((s) => s.type === "item_start" && s.index === e.index);
			assert.ok(start > at, `item ${e.index} started before its wait`);
			const s = events[start];
			assert.equal(s?.type === "item_start" && s.name, e.name);
		}
	});
});

describe("a failed list only when a download failed (point 14)", () => {
	it("a mistyped id on the command line is said, and no failed list is written for it", async () => {
		const { engine } = await setup();
		const summary = await download(["version:999999"], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "not_found");
		assert.equal(summary.failedListPath, null);
	});

	it("a download that failed is listed, with the mistyped target left out of the list", async () => {
		const { engine } = await setup({ faults: [{ version: 2000, attempt: "every", kind: "rate_limit" }], settings: { retryDelaysMs: [] } });
		const summary = await download(["version:999999", "version:2000"], engine);
		assert.equal(summary.failed, 2);
		assert.ok(summary.failedListPath);
		const rows = (await readCsv(summary.failedListPath)).rows;
		assert.deepEqual(
			rows.map((r) => r.cells.error_kind),
			["rate_limited"],
		);
	});

	it("a history row that is gone from Civitai is listed (it is part of the library)", async () => {
		const { engine } = await setup();
		const row = {
			...emptyRow(),
			model_type: "lora",
			url: "https://civitai.com/api/download/models/999999",
			version_id: "999999",
			filename: "gone.safetensors",
		};
		const summary = await redownload([row], engine);
		assert.equal(summary.failed, 1);
		assert.ok(summary.failedListPath);
	});
});

describe("parking counts only what would have been downloaded (point 5)", () => {
	it("after the quota, files already there are skipped, not parked: summary, failed list and webhook title agree", async () => {
		const { engine, dir, settings, events } = await setup({ downloadQuota: 0, settings: { smallFiles: 1, sleepMs: 0 } });
		const row = (version: number, file: number, type: string, name: string, size: number) => ({
			...emptyRow(),
			timestamp: "2026-11-01 03:00:00",
			model_type: type,
			url: `https://civitai.com/api/download/models/${version}`,
			filename: name,
			version_id: String(version),
			file_id: String(file),
			size_bytes: String(size),
			path: join(dir, type, name),
		});
		const rows = [
			row(1000, 10000, "checkpoint", "checkpoint1.safetensors", 512 * 1024), // not there: its download hits the quota
			row(2000, 20000, "lora", "lora1.safetensors", 200 * 1024), // not there: parked
			row(2010, 20100, "lora", "lora2.safetensors", 150 * 1024), // there
			row(3000, 30000, "embedding", "embedding1.pt", 20 * 1024), // there
		];
		await writeCsv(settings.historyFile, HISTORY_COLUMNS, rows);
		for (const r of rows.slice(2)) {
			await mkdir(join(dir, r.model_type), { recursive: true });
			await writeFile(r.path, Buffer.alloc(Number(r.size_bytes)));
		}
		const summary = await redownload(rows, engine);
		assert.equal(summary.stoppedBy, "quota");
		assert.deepEqual({ failed: summary.failed, parked: summary.parked, skipped: summary.skipped }, { failed: 1, parked: 1, skipped: 2 });
		assert.deepEqual(
			events.flatMap((e) => (e.type === "skip" ? [e.name] : [])),
			["lora2.safetensors", "embedding1.pt"],
		);
		const listed = (await readCsv(summary.failedListPath!)).rows.map((r) => r.cells.filename);
		assert.deepEqual(listed, ["checkpoint1.safetensors", "lora1.safetensors"]);
		assert.match(discordPayload({ type: "run", summary }, en, "box").content as string, /1 item is parked/);
	});
});
