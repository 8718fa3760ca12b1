import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type RowIn, redownload } from "../../src/engine.js";
import { appendHistoryRows } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";
import { pictured } from "./pictured.js";

/** `.civitai.info` and the A1111 `.json`: what a repair of a library without the `.json` writes. */
const KINDS = { info: true, webuiJson: true, preview: false, cmInfo: false, previewMaxNsfwLevel: 1 };

/**
 * pictured.safetensors (version 9500) downloaded and recorded, its `.json` missing, and beside it a
 * `.civitai.info` that civitai-dl did not write: `plant` puts it there.
 */
async function library(plant: (path: string) => Promise<void>) {
	const server = await fakeCivitai({ catalogue: pictured() });
	const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, sidecars: KINDS } });
	const lora = join(h.dir, "lora");
	await mkdir(lora, { recursive: true });
	const model = join(lora, "pictured.safetensors");
	await writeFile(model, Buffer.alloc(12 * 1024));
	const row: RowIn = {
		timestamp: "2026-01-01 10:00:00",
		model_type: "lora",
		url: `${server.baseUrl}/api/download/models/9500`,
		filename: "pictured.safetensors",
		model_id: "950",
		version_id: "9500",
		file_id: "95000",
		size_bytes: String(12 * 1024),
		sha256: "",
		path: model,
	};
	await appendHistoryRows(h.settings.historyFile, [row]);
	await plant(join(lora, "pictured.civitai.info"));
	const lookups = () => server.requests.filter((q) => q.path.startsWith("/api/v1/")).length;
	return { ...h, row, lora, lookups };
}

describe("a .civitai.info that civitai-dl did not write is read within the network's bounds", () => {
	it("nested deeper than an API answer may be: not used; the version is looked up instead", async () => {
		// a version object for 9500 whose `description` would end up in the .json, with a deep field planted in it
		const planted = `{"id":9500,"modelId":950,"description":"PLANTED","deep":${"[".repeat(100)}${"]".repeat(100)}}`;
		const { row, lora, engine, lookups } = await library((p) => writeFile(p, planted));
		const summary = await redownload([row], { ...engine, ordered: false });
		assert.equal(summary.skipped, 1);
		assert.ok(lookups() > 0, "the API was asked for the version");
		const json = JSON.parse(await readFile(join(lora, "pictured.json"), "utf8")) as { description: string };
		assert.equal(json.description, "A pictured LoRA", "the .json comes from the API's answer, not the planted file");
	});

	it("a .civitai.info that links to /dev/zero is never read (it would never end)", {
		skip: process.platform === "win32",
		timeout: 10_000,
	}, async () => {
		const { row, lora, engine } = await library((p) => symlink("/dev/zero", p));
		const summary = await redownload([row], { ...engine, ordered: false });
		assert.equal(summary.skipped, 1);
		JSON.parse(await readFile(join(lora, "pictured.json"), "utf8"));
	});

	it("a FIFO planted as the .civitai.info does not stall the run", { skip: process.platform === "win32", timeout: 10_000 }, async () => {
		const { row, lora, engine } = await library(async (p) => {
			execFileSync("mkfifo", [p]);
		});
		const summary = await redownload([row], { ...engine, ordered: false });
		assert.equal(summary.skipped, 1);
		JSON.parse(await readFile(join(lora, "pictured.json"), "utf8"));
	});
});
