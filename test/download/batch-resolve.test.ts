import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import { planBatches, versionFromList } from "../../src/download/batch-resolve.js";
import type { RunItem } from "../../src/download/run.js";
import { download, type RowIn, redownload } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** 250 one-file versions across 125 models (two versions each), 1 KiB each. */
function manyModels(models = 125): FakeCatalogue {
	const out: FakeModel[] = [];
	for (let m = 0; m < models; m++) {
		const id = 50_000 + m;
		out.push({
			id,
			name: `Many ${m}`,
			type: m % 2 ? "LORA" : "TextualInversion",
			versions: [0, 1].map((k) => ({
				id: id * 10 + k,
				name: `v${k}`,
				files: [{ id: id * 100 + k, name: `many-${m}-${k}.safetensors`, sizeBytes: 1024, primary: true }],
			})),
		});
	}
	return { models: out };
}

function rowOf(baseUrl: string, m: FakeModel, k: number, modelId = true): RowIn {
	const v = m.versions[k]!;
	return {
		timestamp: "2026-01-01 10:00:00",
		model_type: m.type === "LORA" ? "lora" : "embedding",
		url: `${baseUrl}/api/download/models/${v.id}`,
		filename: v.files[0]!.name,
		model_id: modelId ? String(m.id) : "",
		version_id: String(v.id),
		file_id: String(v.files[0]!.id),
		size_bytes: "",
		sha256: "",
		path: "",
	};
}

async function setup(catalogue: FakeCatalogue) {
	const server = await fakeCivitai({ catalogue });
	const { dir, sent, engine } = await inProcess(server.baseUrl, {
		settings: {
			apiKey: KEY,
			sleepMs: 0,
			retryDelaysMs: [1000, 2000],
			sidecars: { info: false, preview: false, webuiJson: false, cmInfo: false, previewMaxNsfwLevel: 1 },
			smallFiles: 4,
		},
	});
	const paths = (prefix: string) => sent.map((r) => r.path).filter((p) => p.startsWith(prefix));
	const lists = () => paths("/api/v1/models?");
	const versions = () => paths("/api/v1/model-versions/");
	return { server, dir, engine, lists, versions };
}

describe("batched lookups for history rows", () => {
	const catalogue = manyModels();

	it("250 items across 125 models: 2 model-list requests, no per-item version request, every file verified", async () => {
		const { server, engine, lists, versions, dir } = await setup(catalogue);
		const rows = catalogue.models.flatMap((m) => [rowOf(server.baseUrl, m, 0), rowOf(server.baseUrl, m, 1)]);
		const summary = await redownload(rows, engine);
		assert.equal(summary.succeeded, 250, JSON.stringify(summary.failures.slice(0, 3)));
		assert.ok(lists().length <= 3, `list requests: ${lists().length}`);
		assert.equal(lists().length, 2);
		assert.equal(versions().length, 0, `version requests: ${versions().slice(0, 3).join(", ")}`);
		const recorded = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(recorded.length, 250);
		// the sha256 column holds the hash the list gave and the file matched it
		assert.ok(recorded.every((r) => /^[0-9A-F]{64}$/.test(r.cells.sha256 ?? "")));
	});

	it("--dry-run: the same two lists, nothing per item", async () => {
		const { server, engine, lists, versions } = await setup(catalogue);
		const rows = catalogue.models.flatMap((m) => [rowOf(server.baseUrl, m, 0), rowOf(server.baseUrl, m, 1)]);
		const summary = await redownload(rows, { ...engine, dryRun: true });
		assert.equal(summary.failed, 0);
		assert.equal(lists().length, 2);
		assert.equal(versions().length, 0);
	});

	it("rows without a model id, or whose version the list does not hold, resolve one by one", async () => {
		const { server, engine, lists, versions } = await setup(catalogue);
		const [a, b, c] = catalogue.models;
		const wrongModel = { ...rowOf(server.baseUrl, a!, 0), model_id: String(b!.id) }; // b's list has no such version
		const rows = [rowOf(server.baseUrl, a!, 1), rowOf(server.baseUrl, b!, 0), rowOf(server.baseUrl, c!, 0, false), wrongModel];
		const summary = await redownload(rows, { ...engine, settings: { ...engine.settings, smallFiles: 1 }, ordered: false });
		assert.equal(summary.succeeded, 4, JSON.stringify(summary.failures));
		assert.equal(lists().length, 1);
		assert.equal(versions().length, 2);
	});
});

describe("batched lookups for version ids alone (get version:… of many)", () => {
	const catalogue = manyModels();

	it("250 versions across 125 models: 3 lists by version id, no per-version request, every file verified", async () => {
		const { engine, lists, versions, dir } = await setup(catalogue);
		const targets = catalogue.models.flatMap((m) => m.versions.map((v) => `version:${v.id}`));
		const summary = await download(targets, engine);
		assert.equal(summary.succeeded, 250, JSON.stringify(summary.failures.slice(0, 3)));
		assert.deepEqual(
			lists().map((p) => new URL(p, "http://x").searchParams.get("modelVersionIds")?.split(",").length),
			[100, 100, 50],
		);
		assert.equal(versions().length, 0, `version requests: ${versions().slice(0, 3).join(", ")}`);
		const recorded = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(recorded.length, 250);
		assert.ok(recorded.every((r) => /^[0-9A-F]{64}$/.test(r.cells.sha256 ?? "") && r.cells.model_id !== ""));
	});

	it("a version the lists do not hold (unknown, or a selector asked) is asked by itself: it fails or downloads as before", async () => {
		const { engine, lists, versions } = await setup(catalogue);
		const [a, b] = catalogue.models;
		const targets = [`version:${a!.versions[0]!.id}`, `version:${b!.versions[1]!.id}`, "version:99999999"];
		const summary = await download(targets, engine);
		assert.equal(summary.succeeded, 2, JSON.stringify(summary.failures));
		assert.equal(summary.failed, 1);
		assert.equal(lists().length, 1);
		assert.deepEqual(versions(), ["/api/v1/model-versions/99999999"]);
	});
});

describe("planBatches (pure)", () => {
	const item = (modelId: string, versionId: number, site?: "red"): RunItem => ({
		label: String(versionId),
		target: { kind: "version", versionId, ...(site ? { site } : {}) },
		row: { model_id: modelId } as NonNullable<RunItem["row"]>,
	});

	it("groups by site and splits the distinct model ids into batches of 100", () => {
		const items = [
			...Array.from({ length: 230 }, (_, i) => item(String(1 + (i % 210)), 10_000 + i)),
			item("7", 1, "red"),
			item("8", 2, "red"),
			item("", 3),
		];
		const plan = planBatches(items, true);
		assert.deepEqual(
			plan.batches.map((b) => [b.site, b.ids.length]),
			[
				["base", 100],
				["base", 100],
				["base", 10],
				["red", 2],
			],
		);
		assert.equal(plan.batchOf.get(0), 0);
		assert.equal(plan.batchOf.get(209), 2);
		assert.equal(plan.batchOf.get(210), 0, "model 1 again: the first batch");
		assert.equal(plan.batchOf.get(230), 3);
		assert.equal(plan.batchOf.has(232), false, "no model id: one by one");
	});

	it("items without a model id are batched by version id, apart from those with one; a selector is asked alone", () => {
		const selected: RunItem = { label: "s", target: { kind: "version", versionId: 9, selector: { type: "VAE" } } };
		const plan = planBatches([item("", 1), item("5", 2), item("", 3), item("6", 4), item("", 1), selected], false);
		assert.deepEqual(
			plan.batches.map((b) => [b.by, b.ids]),
			[
				["version", [1, 3]],
				["model", [5, 6]],
			],
		);
		assert.deepEqual(
			[...plan.batchOf],
			[
				[0, 0],
				[2, 0],
				[4, 0],
				[1, 1],
				[3, 1],
			],
		);
	});

	it("without a red site, red rows join the base batches; a lone item is not batched", () => {
		assert.deepEqual(
			planBatches([item("7", 1, "red"), item("8", 2)], false).batches.map((b) => b.site),
			["base"],
		);
		assert.equal(planBatches([item("7", 1)], false).batches.length, 0);
	});

	it("versionFromList fills in the model's fields, or finds nothing", () => {
		const list = { items: [{ id: 5, name: "M", type: "LORA", mode: undefined, modelVersions: [{ id: 50, files: [] }] }] };
		const v = versionFromList(list as never, 5, 50);
		assert.equal(v?.modelId, 5);
		assert.equal(v?.model?.type, "LORA");
		assert.equal(versionFromList(list as never, 5, 51), undefined);
		assert.equal(versionFromList(list as never, 6, 50), undefined);
	});
});
