import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { emptyRow, HISTORY_COLUMNS } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { cli } from "./fixtures.js";

/** Cute: the history holds v1 (SD 1.5); Civitai has v2 (SD 1.5) and v3 XL (SDXL). Model 8 is gone from Civitai. */
const cute: FakeModel = {
	id: 7,
	name: "Cute",
	type: "LORA",
	versions: [
		{
			id: 73,
			name: "v3 XL",
			baseModel: "SDXL 1.0",
			publishedAt: "2026-11-02T00:00:00.000Z",
			files: [{ id: 730, name: "cute-v3xl.safetensors", sizeBytes: 3000, primary: true }],
		},
		{
			id: 72,
			name: "v2",
			baseModel: "SD 1.5",
			publishedAt: "2026-10-01T00:00:00.000Z",
			files: [{ id: 720, name: "cute-v2.safetensors", sizeBytes: 2000, primary: true }],
		},
		{
			id: 71,
			name: "v1",
			baseModel: "SD 1.5",
			publishedAt: "2026-01-01T00:00:00.000Z",
			files: [{ id: 710, name: "cute-v1.safetensors", sizeBytes: 1000, primary: true }],
		},
	],
};

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: [cute] }, anonymousDownloads: true });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	const row = (model: number, version: number, name: string) => ({
		...emptyRow(),
		timestamp: "2026-01-01 00:00:00",
		model_type: "lora",
		url: `${server.baseUrl}/api/download/models/${version}`,
		filename: name,
		model_id: String(model),
		version_id: String(version),
		path: join(dir, "loras", name),
	});
	await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, [row(7, 71, "cute-v1.safetensors"), row(8, 81, "gone.safetensors")]);
	return { dir, config };
}

describe("outdated and update when the newest version is for another base model", () => {
	it("outdated shows both: the newest (another base model) and the newest for yours", async () => {
		const { dir, config } = await setup();
		const r = await cli(["outdated", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(
			r.stdout,
			/^Cute: you have v1 \(#71\); newest is v3 XL \(#73\) \(2026-11-02, SDXL 1\.0\) — base model changed from SD 1\.5$/m,
		);
		assert.match(r.stdout, /^Cute: the newest for your base model \(SD 1\.5\) is v2 \(#72\) \(2026-10-01\); update takes this one$/m);
		const json = await cli(["outdated", "--json", "--config", config], dir);
		const event = json.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; newest?: { id: number }; newestSameBase?: { id: number } | null })
			.find((e) => e.type === "outdated_model")!;
		assert.equal(event.newest?.id, 73);
		assert.equal(event.newestSameBase?.id, 72);
	});

	it("update offers v2 (the same base model) by default, v3 XL with --all-base-models", async () => {
		const { dir, config } = await setup();
		const r = await cli(["update", "--dry-run", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^Cute v2 \(#72\) \(2\.0 KiB\) → .*cute-v2\.safetensors$/m);
		assert.doesNotMatch(r.stdout, /No newer versions/);
		assert.match(
			r.stdout,
			/1 model's newest version is for another base model; --all-base-models takes the newest whatever its base model\./,
		);
		const all = await cli(["update", "--dry-run", "--all-base-models", "--config", config], dir);
		assert.match(all.stdout, /^Cute v3 XL \(#73\) \(2\.9 KiB\) → .*cute-v3xl\.safetensors$/m);
		assert.doesNotMatch(all.stdout, /Cute v2/);
	});
});

describe("outdated names the models Civitai does not list", () => {
	it("with -v a line each, always in --json; without -v the summary says -v names them", async () => {
		const { dir, config } = await setup();
		const plain = await cli(["outdated", "--config", config], dir);
		assert.match(plain.stdout, /1 not listed by Civitai, -v names them;/);
		assert.doesNotMatch(plain.stdout, /model 8/);
		const verbose = await cli(["outdated", "-v", "--config", config], dir);
		assert.match(
			verbose.stdout,
			/^model 8 \(gone\.safetensors\) is not listed by Civitai: deleted, hidden, or without a published version$/m,
		);
		assert.doesNotMatch(verbose.stdout, /-v names them/);
		const json = await cli(["outdated", "--json", "--config", config], dir);
		const events = json.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		const listed = events.filter((e) => e.type === "not_listed_model").map(({ time: _t, origin: _o, ...e }) => e);
		assert.deepEqual(listed, [
			{ type: "not_listed_model", modelId: 8, file: "gone.safetensors", path: join(dir, "loras", "gone.safetensors") },
		]);
	});
});
