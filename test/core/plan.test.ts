import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { categoryOf, priorityOf } from "../../src/core/categories.js";
import { dedupeHistory, failedBefore, failedKeys, failuresLast, planRedownload } from "../../src/core/plan.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { parseCsv } from "../../src/history/csv-file.js";

function row(p: Partial<HistoryRow>): HistoryRow {
	return { ...emptyRow(), ...p };
}

describe("planRedownload", () => {
	it("orders the seed's test case 1 exactly as the seed expects", () => {
		const csv = `timestamp,model_type,url,filename
2024-10-24 10:00:00,lora,https://civitai.com/1,lora1.safetensors
2024-10-24 10:01:00,checkpoint,https://civitai.com/2,checkpoint1.safetensors
2024-10-24 10:02:00,embedding,https://civitai.com/3,embedding1.pt
2024-10-24 10:03:00,lora,https://civitai.com/4,lora2.safetensors
`;
		const rows = parseCsv(csv).rows.map((r) => row(r.cells));
		assert.deepEqual(
			planRedownload(rows).map((r) => r.filename),
			["checkpoint1.safetensors", "lora1.safetensors", "lora2.safetensors", "embedding1.pt"],
		);
	});

	it("puts everything else after embeddings, keeping file order", () => {
		const rows = [
			row({ model_type: "vae", url: "a", filename: "vae" }),
			row({ model_type: "other", url: "b", filename: "other" }),
			row({ model_type: "embedding", url: "c", filename: "emb" }),
			row({ model_type: "controlnet", url: "d", filename: "cn" }),
			row({ model_type: "Checkpoint", url: "e", filename: "ckpt" }),
		];
		assert.deepEqual(
			planRedownload(rows).map((r) => r.filename),
			["ckpt", "emb", "vae", "other", "cn"],
		);
	});

	it("de-duplicates by version and file, the last row winning", () => {
		const rows = [
			row({ model_type: "lora", version_id: "1", file_id: "10", url: "x", filename: "old" }),
			row({ model_type: "lora", version_id: "2", file_id: "20", url: "y", filename: "other" }),
			row({ model_type: "lora", version_id: "1", file_id: "10", url: "x2", filename: "new" }),
			row({ model_type: "lora", version_id: "1", file_id: "11", url: "x", filename: "second file" }),
		];
		assert.deepEqual(
			planRedownload(rows).map((r) => r.filename),
			["other", "new", "second file"],
		);
	});

	it("de-duplicates seed rows (no ids) by URL", () => {
		const rows = [row({ model_type: "lora", url: "u1", filename: "a" }), row({ model_type: "lora", url: "u1", filename: "b" })];
		assert.deepEqual(
			dedupeHistory(rows).map((r) => r.filename),
			["b"],
		);
	});
});

describe("dedupeHistory across eras", () => {
	it("treats a seed row and a later row with ids for the same URL as one item", () => {
		const rows = [
			row({ model_type: "lora", url: "https://civitai.com/models/1", filename: "seed" }),
			row({ model_type: "lora", url: "https://civitai.com/models/1", version_id: "10", file_id: "100", filename: "new" }),
			row({ model_type: "lora", url: "https://civitai.com/models/1", version_id: "11", file_id: "110", filename: "other version" }),
		];
		assert.deepEqual(
			dedupeHistory(rows).map((r) => r.filename),
			["new", "other version"],
		);
	});
});

describe("categories", () => {
	const table: [string, string, number][] = [
		["Checkpoint", "checkpoint", 0],
		["LORA", "lora", 1],
		["LoCon", "lora", 1],
		["DoRA", "lora", 1],
		["TextualInversion", "embedding", 2],
		["VAE", "vae", 999],
		["Controlnet", "controlnet", 999],
		["Upscaler", "upscaler", 999],
		["Hypernetwork", "hypernetwork", 999],
		["MotionModule", "motion", 999],
		["Workflows", "other", 999],
		["", "other", 999],
	];
	for (const [type, category, priority] of table) {
		it(`${type || "(empty)"} → ${category} (${priority})`, () => {
			assert.equal(categoryOf(type), category);
			assert.equal(priorityOf(categoryOf(type)), priority);
		});
	}
});

describe("failures of recent runs go to the back (issue 25, finding 4)", () => {
	const ck = (v: string, kind?: string) => ({
		...row({ model_type: "checkpoint", url: `u${v}`, version_id: v, file_id: `${v}0` }),
		error_kind: kind,
	});
	const lo = (v: string, kind?: string) => ({
		...row({ model_type: "lora", url: `u${v}`, version_id: v, file_id: `${v}0` }),
		error_kind: kind,
	});

	it("a failed list: its failures count, its parks (outage, quota, disk, interrupt) do not", () => {
		const list = [
			ck("1", "rate_limited"),
			ck("2", "network"),
			ck("3", "not_found"),
			lo("4", "outage"),
			lo("5", "quota"),
			lo("6", "disk"),
			lo("7", "other"),
			lo("8", ""),
		];
		const failed = failedKeys(list);
		assert.deepEqual(
			list.map((r) => failedBefore(r, failed)),
			[true, true, true, false, false, false, false, false],
		);
	});

	it("the same item is known by its ids, its URL or its path (a seed-era row has only a URL)", () => {
		const failed = failedKeys([
			{
				...row({ url: "https://civitai.com/api/download/models/9", version_id: "9", file_id: "90", path: "/m/a.safetensors" }),
				error_kind: "network",
			},
		]);
		assert.ok(failedBefore(row({ version_id: "9", file_id: "90", url: "x" }), failed));
		assert.ok(failedBefore(row({ url: "https://civitai.com/api/download/models/9" }), failed));
		assert.ok(failedBefore(row({ url: "y", path: "/m/a.safetensors" }), failed));
		assert.ok(!failedBefore(row({ version_id: "9", file_id: "91", url: "z" }), failed), "another file of the version");
	});

	it("the issue's night: three broken checkpoints first by priority, five LoRAs after; next time the LoRAs go first", () => {
		const history = [lo("11"), ck("1"), lo("12"), ck("2"), lo("13"), ck("3")];
		const planned = planRedownload(history);
		assert.deepEqual(
			planned.map((r) => r.version_id),
			["1", "2", "3", "11", "12", "13"],
		);
		const lastNight = [
			ck("1", "rate_limited"),
			ck("2", "rate_limited"),
			ck("3", "rate_limited"),
			lo("11", "outage"),
			lo("12", "outage"),
			lo("13", "outage"),
		];
		assert.deepEqual(
			failuresLast(planned, failedKeys(lastNight)).map((r) => r.version_id),
			["11", "12", "13", "1", "2", "3"],
		);
		assert.deepEqual(
			failuresLast(planned, new Set()).map((r) => r.version_id),
			["1", "2", "3", "11", "12", "13"],
			"nothing failed: the priority order",
		);
	});
});
