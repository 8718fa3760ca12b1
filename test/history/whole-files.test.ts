import assert from "node:assert/strict";
import fs from "node:fs";
import { open, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, it, mock } from "node:test";
import type { WireVersion } from "../../src/civitai/wire-types.js";
import { writeConfigFile } from "../../src/config/init.js";
import { FailedList } from "../../src/download/failed-list.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, readCsv } from "../../src/history/csv-file.js";
import { HashCache } from "../../src/import/hash-cache.js";
import { systemClock } from "../../src/platform/clock.js";
import { DEFAULT_SIDECARS } from "../../src/sidecars/settings.js";
import { writeSidecars } from "../../src/sidecars/write.js";
import { tempDir } from "../helpers.js";

/**
 * Every file civitai-dl puts under a final name in one piece (a migrated history, a failed list, the
 * sidecars, the config, import's hash cache) on a disk that takes only part of each write(2), as a
 * nearly full one does: the file is written whole, or (when the disk then refuses) not at all, the
 * file there before unchanged. The OS seam is simulated at both of Node's write calls.
 */

type Plan = (call: number) => "half" | Error;

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });

/** Each write(2) from now on takes half of what it is given, or fails, as `plan` says for the n-th call. */
async function diskTakingPart(plan: Plan): Promise<void> {
	let calls = 0;
	const realCb = fs.write;
	mock.method(fs, "write", (fd: number, data: string | Uint8Array, ...rest: unknown[]) => {
		const cb = rest.pop() as (e: Error | null, n?: number, b?: unknown) => void;
		const buf = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		const offset = typeof data === "string" ? 0 : ((rest[0] as number | undefined) ?? 0);
		const length = typeof data === "string" ? buf.length : ((rest[1] as number | undefined) ?? buf.length - offset);
		const position = (typeof data === "string" ? rest[0] : rest[2]) as number | null | undefined;
		const what = plan(++calls);
		if (what instanceof Error) return process.nextTick(cb, what);
		return realCb(fd, buf, offset, Math.max(1, length >> 1), position ?? null, cb);
	});
	const probe = await open(join(await tempDir(), "probe"), "w");
	const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }> };
	await probe.close();
	const realFh = proto.write;
	mock.method(proto, "write", function (this: unknown, data: string | Uint8Array, ...rest: unknown[]) {
		const buf = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		const offset = typeof data === "string" ? 0 : ((rest[0] as number | undefined) ?? 0);
		const length = typeof data === "string" ? buf.length : ((rest[1] as number | undefined) ?? buf.length - offset);
		const position = (typeof data === "string" ? rest[0] : rest[2]) as number | null | undefined;
		const what = plan(++calls);
		if (what instanceof Error) return Promise.reject(what);
		return realFh.call(this, buf, offset, Math.max(1, length >> 1), position ?? null);
	});
}

const halfEveryTime: Plan = () => "half";
const halfThenFull: Plan = (n) => (n === 1 ? "half" : enospc());

afterEach(() => mock.restoreAll());

const seedRow = (i: number) => `2026-01-01 00:00:00,lora,https://civitai.com/api/download/models/${1000 + i},file${i}.safetensors\n`;
const SEED = `timestamp,model_type,url,filename\n${Array.from({ length: 1500 }, (_, i) => seedRow(i)).join("")}`;
const newRow = (): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-02-01 00:00:00",
	model_type: "lora",
	url: "https://civitai.com/api/download/models/9",
	filename: "new.safetensors",
	version_id: "9",
});

const version = {
	id: 9,
	modelId: 1,
	name: "v1",
	baseModel: "SD 1.5",
	description: "x".repeat(20_000),
	trainedWords: ["word"],
	files: [{ id: 90, name: "m.safetensors", primary: true }],
} as unknown as WireVersion;
const http = { dispatcher: undefined as never, userAgent: "test", clock: systemClock };
const sidecars = (model: string) =>
	writeSidecars(
		{ modelPath: model, version, fileId: 90, siteOrigin: "https://civitai.com" },
		{ kinds: { ...DEFAULT_SIDECARS, preview: false, cmInfo: true }, force: true },
		{ http, imageOrigins: [] },
	);

const failedList = () => {
	const list = new FailedList();
	for (let i = 0; i < 400; i++) list.add(i, { label: `version:${i}` }, undefined, "network", `failure number ${i} `.repeat(4), new Date(0));
	return list;
};

describe("a disk that takes only part of each write: every file is written whole", () => {
	it("a seed history migrated to the full header keeps all 1,500 rows", async () => {
		const path = join(await tempDir(), "download_history.csv");
		await writeFile(path, SEED);
		await diskTakingPart(halfEveryTime);
		await appendHistory(path, newRow());
		mock.restoreAll();
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.equal(read.rows.length, 1501);
		assert.equal(read.rows[1499]!.cells.filename, "file1499.safetensors");
	});

	it("a failed list of 400 rows has all 400", async () => {
		const dir = await tempDir();
		await diskTakingPart(halfEveryTime);
		const path = await failedList().write(join(dir, "failed.csv"), join(dir, "h.csv"), new Date(0));
		mock.restoreAll();
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.equal(read.rows.length, 400);
	});

	it("the sidecars (.civitai.info, the A1111 .json, .cm-info.json) are whole JSON", async () => {
		const dir = await tempDir();
		await diskTakingPart(halfEveryTime);
		const r = await sidecars(join(dir, "m.safetensors"));
		mock.restoreAll();
		assert.deepEqual(r.warnings, []);
		for (const name of ["m.civitai.info", "m.json", "m.cm-info.json"]) JSON.parse(await readFile(join(dir, name), "utf8"));
	});

	it("the config from `config init` and import's hash cache are whole JSON", async () => {
		const dir = await tempDir();
		const cache = (await HashCache.load(join(dir, "h.hashcache.json"))).cache;
		for (let i = 0; i < 500; i++) cache.set(join(dir, `model${i}.safetensors`), { size: i, mtimeMs: i, sha256: "A".repeat(64) });
		await diskTakingPart(halfEveryTime);
		await writeConfigFile(join(dir, "config.json"), { api_key: "", notes: "n".repeat(5000) });
		await cache.save();
		mock.restoreAll();
		JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
		assert.equal((await HashCache.load(join(dir, "h.hashcache.json"))).damaged, false);
	});
});

describe("a disk that takes part of a write, then is full: nothing changes under the final name", () => {
	it("a seed history that cannot be migrated whole stays as it was (no backup left), and the error says so", async () => {
		const dir = await tempDir();
		const path = join(dir, "download_history.csv");
		await writeFile(path, SEED);
		await diskTakingPart(halfThenFull);
		const failed = await appendHistory(path, newRow()).then(
			() => undefined,
			(e: unknown) => e as Error,
		);
		mock.restoreAll();
		assert.equal(await readFile(path, "utf8"), SEED, "the history is byte for byte what it was");
		assert.ok(failed, "the append fails");
		assert.match(failed.message, /the disk is full.*Nothing was replaced: the file there before, if any, is unchanged/);
		assert.deepEqual(await readdir(dir), ["download_history.csv"], "no backup and no temporary file left");
	});

	it("a failed list is either whole or not there, never shorter under its name", async () => {
		const dir = await tempDir();
		await diskTakingPart(halfThenFull);
		await assert.rejects(failedList().write(undefined, join(dir, "download_history.csv"), new Date(0)));
		mock.restoreAll();
		assert.deepEqual(await readdir(dir), [], "not even the empty file that reserved the name");
	});

	it("a sidecar already there is kept as it was; the one that could not be written is a warning", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "m.json"), '{"mine": true}\n');
		await diskTakingPart(halfThenFull);
		const r = await writeSidecars(
			{ modelPath: join(dir, "m.safetensors"), version, fileId: 90, siteOrigin: "https://civitai.com" },
			{ kinds: { ...DEFAULT_SIDECARS, preview: false, info: false }, force: true },
			{ http, imageOrigins: [] },
		);
		mock.restoreAll();
		assert.equal(await readFile(join(dir, "m.json"), "utf8"), '{"mine": true}\n');
		assert.deepEqual(
			r.warnings.map((w) => w.key),
			["sidecarWriteFailed"],
		);
		assert.deepEqual(await readdir(dir), ["m.json"]);
	});

	it("a config and a hash cache already there are kept as they were", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "config.json"), '{"api_key": "old"}\n');
		await writeFile(join(dir, "h.hashcache.json"), '{"version":1,"files":{}}\n');
		const cache = (await HashCache.load(join(dir, "h.hashcache.json"))).cache;
		for (let i = 0; i < 500; i++) cache.set(join(dir, `model${i}.safetensors`), { size: i, mtimeMs: i, sha256: "A".repeat(64) });
		await diskTakingPart(halfThenFull);
		await assert.rejects(writeConfigFile(join(dir, "config.json"), { api_key: "new", notes: "n".repeat(5000) }));
		mock.restoreAll();
		await diskTakingPart(halfThenFull);
		await assert.rejects(cache.save());
		mock.restoreAll();
		assert.equal(await readFile(join(dir, "config.json"), "utf8"), '{"api_key": "old"}\n');
		assert.equal(await readFile(join(dir, "h.hashcache.json"), "utf8"), '{"version":1,"files":{}}\n');
	});
});
