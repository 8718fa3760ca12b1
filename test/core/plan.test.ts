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

describe("dedupeHistory: which rows are one item", () => {
	const names = (rows: HistoryRow[]) => dedupeHistory(rows).map((r) => r.filename);
	const table: [string, Partial<HistoryRow>[], string[]][] = [
		[
			"a row without ids after a row with ids for the same URL: the later row wins",
			[
				{ url: "u", version_id: "10", file_id: "100", filename: "with ids" },
				{ url: "u", filename: "seed" },
			],
			["seed"],
		],
		[
			"two rows with ids for the same URL are two items (two files of one version)",
			[
				{ url: "u", version_id: "10", file_id: "100", filename: "one" },
				{ url: "u", version_id: "10", file_id: "101", filename: "two" },
			],
			["one", "two"],
		],
		[
			"rows without a URL or ids are never the same item",
			[
				{ url: "", filename: "x" },
				{ url: " ", filename: "y" },
				{ url: "", version_id: "1", file_id: "1", filename: "z" },
				{ url: "", filename: "w" },
			],
			["x", "y", "z", "w"],
		],
		[
			"ids are compared trimmed",
			[
				{ url: "u", version_id: " 10 ", file_id: "100", filename: "old" },
				{ url: "v", version_id: "10", file_id: "100", filename: "new" },
				{ url: "w", version_id: "20", file_id: "200 ", filename: "old 20" },
				{ url: "x", version_id: "20", file_id: " 200", filename: "new 20" },
			],
			["new", "new 20"],
		],
		[
			"URLs are compared trimmed",
			[
				{ url: " u ", filename: "old" },
				{ url: "u", filename: "new" },
				{ url: "\tv", version_id: "1", file_id: "1", filename: "with ids" },
				{ url: "v ", filename: "seed" },
			],
			["new", "seed"],
		],
		[
			"a blank version id is no id, whatever the file id: the URL decides",
			[
				{ url: "u", version_id: " ", file_id: "5", filename: "old" },
				{ url: "u", version_id: "", file_id: "6", filename: "new" },
			],
			["new"],
		],
		[
			"version 1 file 23 is not version 12 file 3",
			[
				{ url: "a", version_id: "1", file_id: "23", filename: "1/23" },
				{ url: "b", version_id: "12", file_id: "3", filename: "12/3" },
			],
			["1/23", "12/3"],
		],
		[
			"a row with ids whose URL a later row with other ids has: both stay",
			[
				{ url: "u", version_id: "1", file_id: "1", filename: "v1" },
				{ url: "u", version_id: "2", file_id: "2", filename: "v2" },
				{ url: "w", filename: "elsewhere" },
			],
			["v1", "v2", "elsewhere"],
		],
	];
	for (const [name, rows, want] of table) it(name, () => assert.deepEqual(names(rows.map((p) => row({ model_type: "lora", ...p }))), want));
});

describe("planRedownload: priority first, then file order", () => {
	it("an embedding, two checkpoints and two loras interleaved come out checkpoints, loras, embedding, each in file order", () => {
		const rows = [
			row({ model_type: "embedding", url: "1", filename: "e1" }),
			row({ model_type: "lora", url: "2", filename: "l1" }),
			row({ model_type: "checkpoint", url: "3", filename: "c1" }),
			row({ model_type: "lora", url: "4", filename: "l2" }),
			row({ model_type: "checkpoint", url: "5", filename: "c2" }),
		];
		assert.deepEqual(
			planRedownload(rows).map((r) => r.filename),
			["c1", "c2", "l1", "l2", "e1"],
		);
	});
});
