import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	type ByHashVersion,
	cachedHash,
	etaMs,
	hashBatches,
	identify,
	importCandidates,
	isModelFile,
	matchBatch,
	recordedElsewhere,
} from "../../src/core/import-plan.js";

const A = "A".repeat(64);
const B = "B".repeat(64);
const C = "C".repeat(64);

describe("import: which files are model files", () => {
	const cases: [string, boolean][] = [
		["x.safetensors", true],
		["X.SAFETENSORS", true],
		["a.ckpt", true],
		["a.pt", true],
		["a.pth", true],
		["a.bin", true],
		["a.gguf", true],
		["a.sft", true],
		["a.onnx", true],
		["a.safetensors.part", false],
		["a.civitai.info", false],
		["a.preview.png", false],
		["a.json", false],
		[".safetensors", false],
		["safetensors", false],
	];
	for (const [name, want] of cases) it(`${name} → ${want}`, () => assert.equal(isModelFile(name), want));
});

describe("import: candidates are model files the history does not record", () => {
	const f = (path: string) => ({ path, size: 1 });
	const cases: [string, string[], string[], string[]][] = [
		["nothing recorded", ["/m/a.safetensors", "/m/b.ckpt"], [], ["/m/a.safetensors", "/m/b.ckpt"]],
		["a recorded path is left out", ["/m/a.safetensors", "/m/b.ckpt"], ["/m/a.safetensors"], ["/m/b.ckpt"]],
		["not a model file", ["/m/a.txt", "/m/a.safetensors.part"], [], []],
		["found twice (nested folders)", ["/m/a.pt", "/m/a.pt"], [], ["/m/a.pt"]],
		["the same name elsewhere is another file", ["/m/a.pt", "/n/a.pt"], ["/m/a.pt"], ["/n/a.pt"]],
	];
	for (const [name, found, recorded, want] of cases) {
		it(name, () =>
			assert.deepEqual(
				importCandidates(found.map(f), new Set(recorded)).map((x) => x.path),
				want,
			),
		);
	}
});

describe("import: hashes go in batches of at most 100", () => {
	const many = (n: number) => Array.from({ length: n }, (_, i) => i.toString(16).padStart(64, "0"));
	const cases: [string, string[], number, number[]][] = [
		["none", [], 100, []],
		["one", [A], 100, [1]],
		["exactly 100", many(100), 100, [100]],
		["101", many(101), 100, [100, 1]],
		["250", many(250), 100, [100, 100, 50]],
		["duplicates (two copies of a file) are asked once", [A, A.toLowerCase(), B], 100, [2]],
		["a smaller batch", [A, B, C], 2, [2, 1]],
	];
	for (const [name, hashes, size, want] of cases) {
		it(name, () =>
			assert.deepEqual(
				hashBatches(hashes, size).map((b) => b.length),
				want,
			),
		);
	}
	it("keeps the order and uppercases", () => assert.deepEqual(hashBatches([B.toLowerCase(), A]), [[B, A]]));
});

describe("import: matching a by-hash answer to a file", () => {
	const version: ByHashVersion = {
		id: 1000,
		modelId: 100,
		name: "v1",
		model: { name: "Test Checkpoint", type: "Checkpoint" },
		files: [
			{ id: 10000, name: "fp16.safetensors", hashes: { AutoV2: "AAAAAAAAAA", SHA256: A } },
			{ id: 10001, name: "fp32.safetensors", hashes: { SHA256: B.toLowerCase() } },
		],
	};
	it("the entry whose SHA256 matches, not the first", () => assert.equal(identify(version, B)?.fileId, 10001));
	it("ids, names and the category from model.type", () =>
		assert.deepEqual(identify(version, A), {
			modelId: 100,
			versionId: 1000,
			fileId: 10000,
			category: "checkpoint",
			modelName: "Test Checkpoint",
			versionName: "v1",
			fileName: "fp16.safetensors",
		}));
	it("no entry with that SHA256: not identified (never guessed)", () => assert.equal(identify(version, C), undefined));
	const types: [string | undefined, string][] = [
		["LORA", "lora"],
		["LoCon", "lora"],
		["TextualInversion", "embedding"],
		["VAE", "vae"],
		["Workflows", "other"],
		[undefined, "other"],
	];
	for (const [type, want] of types) {
		it(`model type ${type} → ${want}`, () =>
			assert.equal(identify({ ...version, model: type === undefined ? undefined : { type } }, A)?.category, want));
	}
	it("a batch answer: each asked hash to its version; hashes not answered are absent", () => {
		const other: ByHashVersion = { id: 2000, modelId: 200, model: { type: "LORA" }, files: [{ id: 20000, hashes: { SHA256: C } }] };
		const got = matchBatch([other, version], [A, C, "D".repeat(64)]);
		assert.deepEqual(
			[...got].map(([h, id]) => [h[0], id.versionId, id.fileId]),
			[
				["A", 1000, 10000],
				["C", 2000, 20000],
			],
		);
	});
});

describe("import: the hash cache is used only for an unchanged file", () => {
	const entry = { size: 10, mtimeMs: 1_700_000_000_000.5, sha256: A.toLowerCase() };
	const cases: [string, typeof entry | undefined, { size: number; mtimeMs: number }, string | undefined][] = [
		["same size and mtime → reuse (uppercase)", entry, { size: 10, mtimeMs: entry.mtimeMs }, A],
		["another size", entry, { size: 11, mtimeMs: entry.mtimeMs }, undefined],
		["another mtime", entry, { size: 10, mtimeMs: entry.mtimeMs + 1 }, undefined],
		["no entry", undefined, { size: 10, mtimeMs: 0 }, undefined],
		["a damaged hash", { ...entry, sha256: "xyz" }, { size: 10, mtimeMs: entry.mtimeMs }, undefined],
	];
	for (const [name, e, now, want] of cases) it(name, () => assert.equal(cachedHash(e, now), want));
});

describe("import: ETA over the total bytes", () => {
	const cases: [number, number, number, number | undefined][] = [
		[0, 100, 1000, undefined],
		[50, 100, 1000, 1000],
		[25, 100, 1000, 3000],
		[100, 100, 5000, 0],
		[100, 100, 0, 0],
		[0, 0, 0, 0],
	];
	for (const [done, total, elapsed, want] of cases)
		it(`${done}/${total} in ${elapsed} ms → ${want}`, () => assert.equal(etaMs(done, total, elapsed), want));
});

describe("import: where the history already keeps a file (a copy is not recorded again)", () => {
	const recorded = new Map([
		["/lib/a.safetensors", { sha256: A, versionId: 1, fileId: 10 }],
		["/lib/b.safetensors", { sha256: "" as const, versionId: 2, fileId: 20 }],
		["/lib/c.safetensors", { sha256: C.toLowerCase(), versionId: undefined, fileId: undefined }],
	]);
	const cases: [string, { path: string; sha256: string; versionId: number; fileId: number }, string[]][] = [
		["the same SHA-256", { path: "/x/copy.safetensors", sha256: A, versionId: 9, fileId: 90 }, ["/lib/a.safetensors"]],
		[
			"the same version and file, no hash recorded",
			{ path: "/x/b2.safetensors", sha256: B, versionId: 2, fileId: 20 },
			["/lib/b.safetensors"],
		],
		["a hash recorded in lower case", { path: "/x/c2.safetensors", sha256: C, versionId: 3, fileId: 30 }, ["/lib/c.safetensors"]],
		["the same version, another file", { path: "/x/b3.safetensors", sha256: B, versionId: 2, fileId: 21 }, []],
		["its own recorded path is not elsewhere", { path: "/lib/a.safetensors", sha256: A, versionId: 1, fileId: 10 }, []],
		["nothing alike", { path: "/x/n.safetensors", sha256: B, versionId: 7, fileId: 70 }, []],
	];
	for (const [name, file, want] of cases) it(name, () => assert.deepEqual(recordedElsewhere(file, recorded), want));
});
