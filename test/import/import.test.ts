import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBytes, sha256Of } from "../../fake-civitai/bytes.js";
import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import { CATEGORIES } from "../../src/core/categories.js";
import { redownload, rowFromCsv } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import type { ImportEvent } from "../../src/import/events.js";
import { hashCachePathFor, type ImportOptions, importLibrary } from "../../src/import/import-library.js";
import { DEFAULT_SIDECARS } from "../../src/sidecars/settings.js";
import { fakeCivitai, KEY, tempDir } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

const KiB = 1024;

/** A library as a user has it: some files Civitai knows (under their own names), one it does not. */
async function library(dir: string) {
	const put = async (rel: string, seed: string, size: number) => {
		const path = join(dir, rel);
		await mkdir(join(path, ".."), { recursive: true });
		await writeFile(path, readBytes(seed, 0, size));
		return path;
	};
	return {
		checkpoint: await put("checkpoint/checkpoint1.safetensors", "file-10000", 512 * KiB),
		lora: await put("lora/styles/lora1.safetensors", "file-20000", 200 * KiB),
		locon: await put("lora/lora2.safetensors", "file-20100", 150 * KiB),
		embedding: await put("embedding/embedding1.pt", "file-30000", 20 * KiB),
		unknown: await put("lora/mine.safetensors", "not-on-civitai", 30 * KiB),
		notAModel: await put("lora/lora1.preview.png", "png", 1 * KiB),
	};
}

async function setup({ pauseMs, ...extra }: Partial<ImportOptions> & { pauseMs?: number } = {}, catalogue?: FakeCatalogue) {
	const server = await fakeCivitai(catalogue ? { catalogue } : {});
	const dir = await tempDir();
	const files = await library(dir);
	const clock = new VirtualClock();
	const settings = {
		baseUrl: server.baseUrl,
		apiKey: KEY,
		downloadPaths: Object.fromEntries(CATEGORIES.map((c) => [c, join(dir, c)])) as ImportOptions["settings"]["downloadPaths"],
		historyFile: join(dir, "download_history.csv"),
		retryDelaysMs: [60_000, 180_000, 300_000],
		lockTimeoutMs: 10_000,
		...(pauseMs !== undefined ? { lookupPauseMs: pauseMs } : {}),
	};
	const run = async (more: Partial<ImportOptions> = {}) => {
		const events: ImportEvent[] = [];
		const result = await importLibrary([], { settings, clock, onEvent: (e) => events.push(e), ...extra, ...more });
		return { result, events };
	};
	const rows = async () => (await readCsv(settings.historyFile)).rows.map((r) => r.cells);
	return { server, dir, files, clock, settings, run, rows };
}

const byHashPosts = (s: { requests: { method: string; path: string }[] }) =>
	s.requests.filter((q) => q.method === "POST" && q.path === "/api/v1/model-versions/by-hash");
const byHashGets = (s: { requests: { method: string; path: string }[] }) =>
	s.requests.filter((q) => q.method === "GET" && q.path.startsWith("/api/v1/model-versions/by-hash/"));

describe("import", () => {
	it("records the files Civitai knows where they are, lists the unknown one, asks in one batch", async () => {
		const { server, files, run, rows, clock } = await setup();
		const { result, events } = await run();
		assert.equal(result.lookupsFailed, false);
		assert.equal(result.identified.length, 4);
		assert.deepEqual(
			result.unknown.map((u) => u.path),
			[files.unknown],
		);
		assert.equal(result.unknown[0]!.sha256, sha256Of("not-on-civitai", 30 * KiB));
		assert.deepEqual(server.byHashBatches, [5], "one batch with every hash");
		// the unknown one is asked once more on its own, then given up
		assert.deepEqual(
			byHashGets(server).map((q) => q.path.split("/").pop()),
			[sha256Of("not-on-civitai", 30 * KiB)],
		);
		assert.deepEqual(clock.sleeps, [1000], "one pause between the two requests");
		const got = (await rows()).map((r) => [r.path, r.model_type, r.model_id, r.version_id, r.file_id, r.size_bytes, r.sha256]);
		assert.deepEqual(
			new Set(got.map((g) => JSON.stringify(g))),
			new Set(
				[
					[files.checkpoint, "checkpoint", "100", "1000", "10000", String(512 * KiB), sha256Of("file-10000", 512 * KiB)],
					[files.lora, "lora", "200", "2000", "20000", String(200 * KiB), sha256Of("file-20000", 200 * KiB)],
					[files.locon, "lora", "201", "2010", "20100", String(150 * KiB), sha256Of("file-20100", 150 * KiB)],
					[files.embedding, "embedding", "300", "3000", "30000", String(20 * KiB), sha256Of("file-30000", 20 * KiB)],
				].map((g) => JSON.stringify(g)),
			),
		);
		assert.deepEqual(
			(await rows()).filter(
				(r) => !((r.url ?? "").startsWith(`${server.baseUrl}/api/download/models/`) && (r.url ?? "").includes("fileId=")),
			),
			[],
		);
		const done = events.find((e) => e.type === "import_done");
		assert.deepEqual(done && { ...done, elapsedMs: 0 }, {
			type: "import_done",
			files: 5,
			identified: 4,
			unknown: 1,
			failed: 0,
			recorded: 4,
			hashedFiles: 5,
			cachedFiles: 0,
			dryRun: false,
			elapsedMs: 0,
		});
		assert.ok(events.some((e) => e.type === "hash_progress" && e.bytes === e.totalBytes && e.etaMs === 0));
	});

	it("a second import hashes nothing (the cache) and records nothing twice", async () => {
		const { server, run, rows, settings } = await setup();
		await run();
		const before = (await rows()).length;
		const { result, events } = await run();
		assert.equal((await rows()).length, before);
		assert.equal(result.recorded, 0);
		assert.equal(events.filter((e) => e.type === "hash_progress").length, 0, "no file read again");
		const hashed = events.filter((e) => e.type === "hashed");
		assert.equal(hashed.length, 1, "only the unknown file is a candidate again");
		assert.equal(hashed[0]!.type === "hashed" && hashed[0]!.cached, true);
		assert.deepEqual(server.byHashBatches, [5, 1]);
		const cache = JSON.parse(await readFile(hashCachePathFor(settings.historyFile), "utf8")) as { files: Record<string, unknown> };
		assert.equal(Object.keys(cache.files).length, 5);
	});

	it("a copy of a recorded file that is still there is not recorded again; once the original is gone, one copy is", async () => {
		// a walk: a second copy of a downloaded LoRA, imported, took its history row, and `history`, `verify` and
		// `report` lost the original that a UI still loads
		const { dir, files, settings, clock, rows } = await setup();
		const events: ImportEvent[] = [];
		const imp = (folders: string[]) => importLibrary(folders, { settings, clock, onEvent: (e) => events.push(e) });
		await imp([]);
		const elsewhere = join(dir, "elsewhere");
		await mkdir(elsewhere);
		const copies = [join(elsewhere, "mygrain.safetensors"), join(elsewhere, "twin.safetensors")];
		for (const c of copies) await writeFile(c, await readFile(files.lora));
		const before = await rows();
		const second = await imp([elsewhere]);
		assert.equal(second.recorded, 0);
		assert.deepEqual(await rows(), before, "the history keeps the original's row");
		const warned = () => events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
		for (const c of copies)
			assert.ok(
				warned().includes(
					`${c} is a copy of ${files.lora}, which the history already records; it is not recorded again (the history keeps one place for each version)`,
				),
				warned().join("\n"),
			);
		// the original gone (moved by hand): one copy is recorded in its place, the other is a copy of that one
		await rm(files.lora);
		events.length = 0;
		const third = await imp([elsewhere]);
		assert.equal(third.recorded, 1);
		const taken = (await rows()).at(-1)!.path!;
		assert.ok(copies.includes(taken), taken);
		const other = copies.find((c) => c !== taken)!;
		assert.ok(
			warned().some((w) => w.startsWith(`${other} is a copy of ${taken},`)),
			warned().join("\n"),
		);
	});

	it("a changed file is hashed again (size or mtime differs from the cache)", async () => {
		const { run, files } = await setup();
		await run({ dryRun: true });
		await writeFile(files.unknown, readBytes("not-on-civitai-2", 0, 31 * KiB));
		const { events } = await run({ dryRun: true });
		const fresh = events.filter((e) => e.type === "hashed" && !e.cached).map((e) => (e as { path: string }).path);
		assert.deepEqual(fresh, [files.unknown]);
	});

	it("a path another run recorded while this one hashed and asked is not recorded twice (checked under the lock)", async () => {
		const { run, rows, settings, files } = await setup({ pauseMs: 0 });
		const { appendHistoryRows } = await import("../../src/history/csv-file.js");
		const { emptyRow } = await import("../../src/history/columns.js");
		let once = false;
		const { result } = await run({
			onEvent: (e) => {
				if (e.type === "import_scan" && !once) {
					once = true;
					void appendHistoryRows(settings.historyFile, [
						{ ...emptyRow(), model_type: "lora", version_id: "2000", file_id: "20000", path: files.lora },
					]);
				}
			},
		});
		assert.equal(result.identified.length, 4);
		assert.equal(result.recorded, 3);
		assert.equal((await rows()).filter((r) => r.path === files.lora).length, 1);
	});

	it("batches hold at most the batch size: 5 hashes in batches of 2 → 3 requests", async () => {
		const { server, run } = await setup({ batchSize: 2, pauseMs: 0 });
		const { result } = await run();
		assert.equal(result.identified.length, 4);
		assert.deepEqual(server.byHashBatches, [2, 2, 1]);
	});

	it("--dry-run writes no row and says what it would record", async () => {
		const { run, rows } = await setup();
		const { result, events } = await run({ dryRun: true });
		assert.equal(result.identified.length, 4);
		assert.equal(result.recorded, 0);
		assert.deepEqual(await rows(), []);
		assert.equal(events.filter((e) => e.type === "identified").length, 4);
	});

	it("sidecars: written next to each identified file from its version answer, and completed next to files recorded before", async () => {
		const kinds = { ...DEFAULT_SIDECARS, preview: false };
		const { run, files, dir } = await setup({ pauseMs: 0 });
		const sidecars = { kinds, imageOrigins: [] };
		const first = await run({ sidecars });
		assert.equal(first.result.recorded, 4);
		const done = (events: ImportEvent[]) => events.find((e) => e.type === "import_done") as { sidecars?: number; sidecarModels?: number };
		assert.deepEqual([done(first.events).sidecars, done(first.events).sidecarModels], [8, 4]);
		const info = JSON.parse(await readFile(files.lora.replace(/\.safetensors$/, ".civitai.info"), "utf8")) as { id: number };
		assert.equal(info.id, 2000);
		// without sidecars nothing is said of them; with them, a complete library gets none
		assert.equal(done((await run()).events).sidecars, undefined);
		assert.deepEqual([done((await run({ sidecars })).events).sidecars], [0]);
		// a .json removed (and one .civitai.info): put back, the first from the .civitai.info beside it
		await rm(files.embedding.replace(/\.pt$/, ".json"));
		await rm(files.checkpoint.replace(/\.safetensors$/, ".civitai.info"));
		const again = await run({ sidecars });
		assert.deepEqual([done(again.events).sidecars, done(again.events).sidecarModels], [2, 2]);
		assert.ok((await readdir(join(dir, "checkpoint"))).includes("checkpoint1.civitai.info"));
	});

	it("a lookup that keeps failing (nothing answers) fails the files, after the retries, not as unknown", async () => {
		const { server, run, rows, clock } = await setup({ pauseMs: 0 });
		await server.close(); // nothing listens: a network failure every time
		const { result } = await run();
		assert.equal(result.lookupsFailed, true);
		assert.equal(result.failed.length, 5);
		assert.equal(result.unknown.length, 0);
		assert.equal(result.failed[0]!.kind, "network");
		// a network failure waits on network_retry_delays (default 10/30/90 s), not on retry_delays (60/180/300 s)
		assert.deepEqual(clock.sleeps, [10_000, 30_000, 90_000], "the network ladder, on the clock");
		assert.deepEqual(await rows(), []);
	});

	it("a lookup's network failures wait on the configured network_retry_delays", async () => {
		const { server, run, settings, clock } = await setup({ pauseMs: 0 });
		await server.close();
		const { result } = await run({ settings: { ...settings, networkRetryDelaysMs: [7, 8] } });
		assert.equal(result.failed[0]!.kind, "network");
		assert.deepEqual(clock.sleeps, [7, 8]);
	});

	it("a 429 on the batch is waited out on the clock (the ladder, or a longer Retry-After) and the batch asked again", async () => {
		const { createServer } = await import("node:http");
		const dir = await tempDir();
		const path = join(dir, "lora", "a.safetensors");
		await mkdir(join(dir, "lora"), { recursive: true });
		await writeFile(path, readBytes("file-20000", 0, 200 * KiB));
		const sha = sha256Of("file-20000", 200 * KiB);
		let posts = 0;
		const server = createServer((req, res) => {
			req.resume();
			req.on("end", () => {
				posts += req.method === "POST" ? 1 : 0;
				if (posts === 1) {
					res.writeHead(429, { "content-type": "application/json", "retry-after": "90" });
					res.end('{"error":"Too Many Requests"}');
					return;
				}
				res.writeHead(200, { "content-type": "application/json" });
				res.end(JSON.stringify([{ id: 2000, modelId: 200, model: { type: "LORA" }, files: [{ id: 20000, hashes: { SHA256: sha } }] }]));
			});
		});
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		const { after } = await import("node:test");
		after(() => new Promise((r) => server.close(r)));
		const clock = new VirtualClock();
		const events: ImportEvent[] = [];
		const result = await importLibrary([join(dir, "lora")], {
			settings: {
				baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
				apiKey: "",
				downloadPaths: Object.fromEntries(CATEGORIES.map((c) => [c, join(dir, c)])) as ImportOptions["settings"]["downloadPaths"],
				historyFile: join(dir, "h.csv"),
				retryDelaysMs: [60_000, 180_000],
				lockTimeoutMs: 1000,
			},
			clock,
			onEvent: (e) => events.push(e),
		});
		assert.equal(posts, 2);
		assert.deepEqual(clock.sleeps, [90_000], "the server's Retry-After, longer than the first rung");
		assert.equal(result.identified[0]?.fileId, 20000);
		assert.equal(result.lookupsFailed, false);
		assert.ok(events.some((e) => e.type === "lookup_retry" && e.kind === "rate_limited" && e.delayMs === 90_000));
	});

	it("hashes the batch did not return are asked on the .red origin; a mature model found there is recorded with its origin", async () => {
		const red = await fakeCivitai({
			catalogue: {
				models: [
					{
						id: 9900,
						name: "Mature",
						type: "LORA",
						nsfw: true,
						versions: [
							{ id: 99000, name: "v1", files: [{ id: 990000, name: "mine.safetensors", sizeBytes: 30 * KiB, seed: "not-on-civitai" }] },
						],
					},
				],
			},
		});
		const { server, run, rows, settings, files } = await setup({ pauseMs: 0 });
		const { result } = await run({ settings: { ...settings, redBaseUrl: red.baseUrl } });
		assert.equal(result.identified.length, 5);
		assert.equal(result.unknown.length, 0);
		assert.equal(byHashPosts(red).length, 0, "the batch goes to the base origin only");
		assert.equal(byHashGets(server).length, 1);
		assert.equal(byHashGets(red).length, 1);
		const row = (await rows()).find((r) => r.path === files.unknown)!;
		assert.equal(row.version_id, "99000");
		assert.ok((row.url ?? "").startsWith(`${red.baseUrl}/api/download/models/99000`));
	});

	it("after the import, deleting the files and redownloading the history brings them back to the same paths, verified", async () => {
		const { run, settings, files, clock, rows } = await setup();
		await run();
		const { rm } = await import("node:fs/promises");
		for (const p of [files.checkpoint, files.lora, files.locon, files.embedding]) await rm(p);
		const history = (await readCsv(settings.historyFile)).rows.map(rowFromCsv);
		const summary = await redownload(history, {
			settings: { ...settings, sleepMs: 0, speedThresholdBps: 0, slowWindowMs: 30_000 },
			clock,
			lock: false,
		});
		assert.equal(summary.failed, 0);
		assert.equal(summary.succeeded, 4);
		for (const [p, seed, size] of [
			[files.checkpoint, "file-10000", 512 * KiB],
			[files.lora, "file-20000", 200 * KiB],
			[files.locon, "file-20100", 150 * KiB],
			[files.embedding, "file-30000", 20 * KiB],
		] as const) {
			assert.deepEqual(await readFile(p), readBytes(seed, 0, size), p);
		}
		assert.equal((await rows()).length, 8);
	});
});
