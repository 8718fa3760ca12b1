import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import type { RunEvent } from "../../src/core/events.js";
import { type RowIn, redownload } from "../../src/engine.js";
import { appendHistoryRows } from "../../src/history/csv-file.js";
import { en } from "../../src/i18n/en.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** The sidecars a library without them misses (no preview: these versions have no images). */
const SIDECARS = { info: true, webuiJson: true, preview: false, cmInfo: false, previewMaxNsfwLevel: 1 };

/** `models` models of two one-file versions each (ids as in test/download/batch-resolve.test.ts). */
function catalogueOf(models: number): FakeCatalogue {
	const out: FakeModel[] = [];
	for (let m = 0; m < models; m++) {
		const id = 50_000 + m;
		out.push({
			id,
			name: `Many ${m}`,
			type: "LORA",
			versions: [0, 1].map((k) => ({
				id: id * 10 + k,
				name: `v${k}`,
				files: [{ id: id * 100 + k, name: `many-${m}-${k}.safetensors`, sizeBytes: 1024, primary: true }],
			})),
		});
	}
	return { models: out };
}

/**
 * A library already downloaded, without sidecars: each version's file on disk (1 KiB) and its
 * history row, so `redownload` skips every item without asking anything and then repairs.
 */
async function library(dir: string, historyFile: string, baseUrl: string, catalogue: FakeCatalogue, modelIds = true) {
	const folder = join(dir, "lora");
	await mkdir(folder, { recursive: true });
	const rows: RowIn[] = [];
	for (const m of catalogue.models) {
		for (const v of m.versions) {
			const f = v.files[0]!;
			const path = join(folder, f.name);
			await writeFile(path, Buffer.alloc(1024));
			rows.push({
				timestamp: "2026-01-01 10:00:00",
				model_type: "lora",
				url: `${baseUrl}/api/download/models/${v.id}`,
				filename: f.name,
				model_id: modelIds ? String(m.id) : "",
				version_id: String(v.id),
				file_id: String(f.id),
				size_bytes: "1024",
				sha256: "",
				path,
			});
		}
	}
	await appendHistoryRows(historyFile, rows);
	return { rows, folder };
}

/** An API that answers every request with 429 (Retry-After when given). */
async function rateLimitedApi(retryAfter?: number): Promise<{ baseUrl: string; hits: () => number }> {
	let hits = 0;
	const server = createServer((_req, res) => {
		hits++;
		res.writeHead(429, { "content-type": "text/plain", ...(retryAfter ? { "retry-after": String(retryAfter) } : {}) });
		res.end("Too Many Requests");
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	after(() => new Promise<void>((r) => server.close(() => r())));
	return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

/** A port nothing listens on: every request fails to connect (a machine that cannot reach Civitai). */
async function unreachable(): Promise<string> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((r) => server.close(() => r()));
	return `http://127.0.0.1:${port}`;
}

const warnings = (events: RunEvent[]) => events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
const retries = (events: RunEvent[]) => events.filter((e) => e.type === "retry");

describe("sidecar repair lookups: once, paused after a failure that would repeat, batched", () => {
	for (const modelIds of [true, false]) {
		it(`offline (rows ${modelIds ? "with" : "without"} model ids): one lookup, no retry ladder, one warning, the run ends at once`, async () => {
			const baseUrl = await unreachable();
			const h = await inProcess(baseUrl, { settings: { apiKey: KEY, sidecars: SIDECARS } });
			const { rows } = await library(h.dir, h.settings.historyFile, baseUrl, catalogueOf(3), modelIds);
			// the last file has its .civitai.info: its .json needs no lookup and is still written after the pause
			const last = rows.at(-1)!;
			const info = { id: Number(last.version_id), modelId: Number(last.model_id) || 50_002, name: "v1", baseModel: "SD 1.5" };
			await writeFile(last.path.replace(/\.safetensors$/, ".civitai.info"), JSON.stringify(info));
			const summary = await redownload(rows, h.engine);
			assert.equal(summary.skipped, 6);
			assert.equal(summary.failed, 0);
			assert.equal(summary.retries, 0);
			assert.deepEqual(retries(h.events), []);
			assert.equal(h.sent.length, 1, h.sent.map((s) => s.path).join(", "));
			const w = warnings(h.events);
			assert.equal(w.length, 1, w.join("\n"));
			assert.ok(w[0]!.startsWith(en.sidecarRepairsPaused({ name: "", reason: "" }).slice(0, 20)), w[0]);
			assert.ok(summary.elapsedMs < 5000, `elapsed ${summary.elapsedMs} ms`);
			assert.equal(JSON.parse(await readFile(last.path.replace(/\.safetensors$/, ".json"), "utf8"))["sd version"], "SD1");
		});
	}

	it("a 429 on a repair lookup (one by one): asked once, not retried, repairs paused with one warning", async () => {
		const api = await rateLimitedApi(7);
		const h = await inProcess(api.baseUrl, { settings: { apiKey: KEY, sidecars: SIDECARS, retryDelaysMs: [60_000] } });
		const { rows } = await library(h.dir, h.settings.historyFile, api.baseUrl, catalogueOf(2), false);
		const summary = await redownload(rows, { ...h.engine, settings: { ...h.engine.settings, smallFiles: 1 } });
		assert.equal(summary.skipped, 4);
		assert.equal(summary.retries, 0);
		assert.equal(api.hits(), 1, "one lookup, then repairs pause");
		assert.equal(warnings(h.events).length, 1);
		assert.ok(summary.elapsedMs < 10_000, `elapsed ${summary.elapsedMs} ms`);
	});

	it("a 429 on the batched list: the download that follows waits the longer of the Retry-After and the first seed delay (as decideRetry), then asks the list again", async () => {
		for (const retryAfter of [7, 2, undefined]) {
			const catalogue = catalogueOf(2);
			const server = await fakeCivitai({ catalogue, listFaults: [{ kind: "rate_limit", ...(retryAfter ? { retryAfter } : {}) }] });
			const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sidecars: SIDECARS, retryDelaysMs: [5000] } });
			const { rows } = await library(h.dir, h.settings.historyFile, server.baseUrl, catalogue);
			// the last version's file is gone: it is downloaded after the (skipped) others
			await rm(rows[3]!.path);
			const summary = await redownload(rows, { ...h.engine, settings: { ...h.engine.settings, smallFiles: 1 }, ordered: false });
			assert.equal(summary.skipped, 3);
			assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
			assert.equal(summary.retries, 0);
			const at = h.sent.findIndex((s) => s.path.startsWith("/api/v1/models?"));
			const [list, next] = [h.sent[at]!, h.sent[at + 1]!];
			const wait = Math.max(retryAfter ?? 0, 5) * 1000;
			assert.ok(next.t - list.t >= wait, `${next.path} went ${next.t - list.t} ms after the 429 (Retry-After ${retryAfter}), not ${wait}`);
			assert.ok(next.t - list.t < 60_000);
			assert.ok(next.path.startsWith("/api/v1/models?"), `the download asks its batch's list again, not ${next.path}`);
			assert.deepEqual(
				h.sent.filter((x) => x.path.startsWith("/api/v1/model-versions/")),
				[],
			);
		}
	});

	it("250 skipped rows of 125 models without sidecars: 2 list requests, no version request, every sidecar written", async () => {
		const catalogue = catalogueOf(125);
		const server = await fakeCivitai({ catalogue });
		const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sidecars: SIDECARS } });
		const { rows, folder } = await library(h.dir, h.settings.historyFile, server.baseUrl, catalogue);
		const summary = await redownload(rows, { ...h.engine, settings: { ...h.engine.settings, smallFiles: 4 } });
		assert.equal(summary.skipped, 250);
		// measured before batching: 250 `/model-versions/` requests, 249 s of one-a-second gaps; now 2 lists, 1 s
		const api = server.requests.filter((r) => r.origin === "api");
		const lists = api.filter((r) => r.path === "/api/v1/models");
		const versions = api.filter((r) => r.path.startsWith("/api/v1/model-versions/"));
		assert.equal(versions.length, 0, `version requests: ${versions.length}`);
		assert.equal(lists.length, 2, `list requests: ${lists.length}`);
		assert.equal(api.length, 2);
		const names = await readdir(folder);
		assert.equal(names.filter((n) => n.endsWith(".civitai.info")).length, 250);
		assert.equal(names.filter((n) => n.endsWith(".json")).length, 250);
		assert.deepEqual(warnings(h.events), []);
		assert.ok(summary.elapsedMs < 10_000, `elapsed ${summary.elapsedMs} ms`);
	});
});
