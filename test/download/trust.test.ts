import assert from "node:assert/strict";
import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { download, type RowIn, redownload } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fileSha256 } from "../helpers/files.js";
import { fakeCivitai, KEY, smallCatalogue } from "../helpers.js";

const SAME = "pytorch_lora_weights.safetensors";
const KiB = 1024;

/** Diffusers-style LoRAs: every version's file has one name. 13004 has 13001's size but other bytes. */
const DIFFUSERS: FakeModel = {
	id: 1300,
	name: "Diffusers LoRAs",
	type: "LORA",
	versions: [
		{ id: 13001, name: "a", files: [{ id: 130010, name: SAME, sizeBytes: 10 * KiB, primary: true }] },
		{ id: 13002, name: "b", files: [{ id: 130020, name: SAME, sizeBytes: 11 * KiB, primary: true }] },
		{ id: 13003, name: "c", files: [{ id: 130030, name: SAME, sizeBytes: 12 * KiB, primary: true }] },
		{ id: 13004, name: "d", files: [{ id: 130040, name: SAME, sizeBytes: 10 * KiB, primary: true }] },
		// the name only in the storage's Content-Disposition
		{ id: 13005, name: "e", files: [{ id: 130050, name: SAME, sizeBytes: 9 * KiB, primary: true, noNameInApi: true }] },
	],
};

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: [...smallCatalogue().models, DIFFUSERS] } });
	const { dir, events, settings, engine } = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [1000] },
		folders: "models",
	});
	const storage = () => server.requests.filter((q) => q.origin === "storage").length;
	const history = async () => (await readCsv(settings.historyFile)).rows.map((r) => r.cells);
	const warnings = () => events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
	const lora = join(dir, "models", "lora");
	return { server, dir, lora, events, engine, storage, history, warnings };
}

/** A failed-list row for lora1 (version 2000) with the given path. */
function failedRow(path: string, extra: Partial<RowIn> = {}): RowIn {
	return {
		timestamp: "2024-10-24 10:00:00",
		model_type: "lora",
		url: "",
		filename: "lora1.safetensors",
		model_id: "200",
		version_id: "2000",
		file_id: "20000",
		size_bytes: String(200 * KiB),
		sha256: "",
		path,
		error_kind: "rate_limited",
		...extra,
	};
}

describe("paths from someone else's CSV (redownload --from)", () => {
	const cases: [string, (dir: string) => string][] = [
		["absolute, outside the download folders", (dir) => join(dir, "outside", "lora1.safetensors")],
		["`..` out of a download folder", (dir) => join(dir, "models", "lora", "..", "..", "outside", "lora1.safetensors")],
		["the prefix trick: a sibling named like a download folder", (dir) => join(dir, "models", "lora-evil", "lora1.safetensors")],
	];
	for (const [name, pathOf] of cases) {
		it(`${name}: the file goes to its category folder, with a warning, and only that path is recorded`, async () => {
			const { dir, lora, engine, history, warnings } = await setup();
			const evil = pathOf(dir);
			await mkdir(join(evil, ".."), { recursive: true });
			await writeFile(evil, "ssh-ed25519 AAAA the user's own key\n");
			const summary = await redownload([failedRow(evil, { error_kind: "hash_mismatch" })], { ...engine, ordered: false, trust: "shared" });
			assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
			assert.equal(await readFile(evil, "utf8"), "ssh-ed25519 AAAA the user's own key\n", "the file outside is untouched");
			assert.equal((await stat(join(lora, "lora1.safetensors"))).size, 200 * KiB);
			assert.equal(warnings().length, 1);
			assert.match(warnings()[0]!, /is outside the download folders, so the file goes to its category folder instead/);
			assert.deepEqual(
				(await history()).map((r) => r.path),
				[join(lora, "lora1.safetensors")],
			);
		});
	}

	it("a symlinked folder inside a download folder that points outside counts as outside", async () => {
		const { dir, lora, engine, history, warnings } = await setup();
		await mkdir(join(dir, "outside"));
		await mkdir(lora, { recursive: true });
		await symlink(join(dir, "outside"), join(lora, "link"));
		const summary = await redownload([failedRow(join(lora, "link", "lora1.safetensors"))], { ...engine, ordered: false, trust: "shared" });
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(
			await stat(join(dir, "outside", "lora1.safetensors")).catch(() => undefined),
			undefined,
			"nothing written through the link",
		);
		assert.equal(warnings().length, 1);
		assert.deepEqual(
			(await history()).map((r) => r.path),
			[join(lora, "lora1.safetensors")],
		);
	});

	it("a path inside a download folder (any category's) is used, normalised", async () => {
		const { dir, engine, history, warnings } = await setup();
		const inside = join(dir, "models", "checkpoint", "..", "vae", "kept", "lora1.safetensors");
		const summary = await redownload([failedRow(inside)], { ...engine, ordered: false, trust: "shared" });
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(warnings(), []);
		const used = join(dir, "models", "vae", "kept", "lora1.safetensors");
		assert.equal((await stat(used)).size, 200 * KiB);
		assert.deepEqual(
			(await history()).map((r) => r.path),
			[used],
		);
	});

	it("the layout's root counts as a download folder", async () => {
		const { dir, engine, warnings } = await setup();
		const root = join(dir, "ui");
		const inside = join(root, "extra", "lora1.safetensors");
		const summary = await redownload([failedRow(inside)], {
			...engine,
			settings: { ...engine.settings, root },
			ordered: false,
			trust: "shared",
		});
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(warnings(), []);
		assert.equal((await stat(inside)).size, 200 * KiB);
	});

	it("an item that fails keeps no outside path in the failed list, and the warning shows no control characters", async () => {
		const { dir, engine, warnings } = await setup();
		const evil = join(dir, "outside\u001b[2J", "x.safetensors");
		const summary = await redownload([failedRow(evil, { version_id: "424242", file_id: "" })], {
			...engine,
			ordered: false,
			trust: "shared",
		});
		assert.equal(summary.failed, 1);
		const rows = (await readCsv(join(dir, "failed.csv"))).rows;
		assert.equal(rows[0]!.cells.path, "");
		assert.equal(warnings().length, 1);
		assert.ok(!warnings()[0]!.includes("\u001b"), JSON.stringify(warnings()[0]));
		assert.ok(warnings()[0]!.includes("outside?[2J"));
	});

	it("with --output the outside path is dropped without a warning (the file goes to --output)", async () => {
		const { dir, engine, warnings, history } = await setup();
		const out = join(dir, "out");
		const summary = await redownload([failedRow(join(dir, "outside", "lora1.safetensors"))], {
			...engine,
			output: out,
			ordered: false,
			trust: "shared",
		});
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(warnings(), []);
		assert.deepEqual(
			(await history()).map((r) => r.path),
			[join(out, "lora1.safetensors")],
		);
	});

	it("the user's own history stays trusted: its recorded folder is used as it is", async () => {
		const { dir, engine, warnings } = await setup();
		const own = join(dir, "elsewhere", "lora1.safetensors");
		const summary = await redownload([failedRow(own)], { ...engine, ordered: false });
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(warnings(), []);
		assert.equal((await stat(own)).size, 200 * KiB);
	});
});

describe("files of other models with the same name", () => {
	it("separate runs of three versions keep all three files, each recorded under its own path", async () => {
		const { lora, engine, history, server } = await setup();
		for (const v of [13001, 13002, 13003]) assert.equal((await download([`version:${v}`], engine)).succeeded, 1);
		const names = [SAME, "pytorch_lora_weights_13002.safetensors", "pytorch_lora_weights_13003.safetensors"];
		const rows = await history();
		assert.deepEqual(
			rows.map((r) => [r.version_id, r.path]),
			names.map((n, i) => [String(13001 + i), join(lora, n)]),
		);
		for (const r of rows) assert.equal(await fileSha256(r.path!), r.sha256, `${r.path} holds its recorded file`);
		assert.ok(server.baseUrl);
	});

	it("another file of the same name and size is not skipped as already there", async () => {
		const { lora, engine, history, storage } = await setup();
		await download(["version:13001"], engine);
		const before = storage();
		const summary = await download(["version:13004"], engine);
		assert.equal(summary.succeeded, 1, "downloaded, not skipped");
		assert.equal(storage(), before + 1);
		const rows = await history();
		assert.equal(rows[1]!.path, join(lora, "pytorch_lora_weights_13004.safetensors"));
		assert.equal(await fileSha256(join(lora, SAME)), rows[0]!.sha256, "the first file is intact");
	});

	it("a file is skipped when the history vouches for it, under its distinct name too", async () => {
		const { engine, storage } = await setup();
		await download(["version:13001", "version:13002"], engine);
		const before = storage();
		const again = await download(["version:13002", "version:13001"], engine);
		assert.equal(again.skipped, 2);
		assert.equal(storage(), before);
	});

	it("--force on a path another version owns still writes a distinct name", async () => {
		const { lora, engine, history } = await setup();
		await download(["version:13001"], engine);
		const first = await fileSha256(join(lora, SAME));
		assert.equal((await download(["version:13002"], { ...engine, force: true })).succeeded, 1);
		assert.equal(await fileSha256(join(lora, SAME)), first);
		assert.equal((await history())[1]!.path, join(lora, "pytorch_lora_weights_13002.safetensors"));
	});

	it("when the distinct name is taken too, the file id is added", async () => {
		const { lora, engine, history, dir } = await setup();
		await download(["version:13001"], engine);
		// another version's row already holds the version-tagged name (say, a hand-edited history)
		const taken = join(lora, "pytorch_lora_weights_13002.safetensors");
		await writeFile(taken, "someone else's");
		const text = await readFile(join(dir, "download_history.csv"), "utf8");
		await writeFile(join(dir, "download_history.csv"), `${text}2024-10-24 10:00:00,lora,,x,1,99999,99990,14,,${taken}\n`);
		assert.equal((await download(["version:13002"], engine)).succeeded, 1);
		assert.equal(await readFile(taken, "utf8"), "someone else's");
		assert.equal((await history()).at(-1)!.path, join(lora, "pytorch_lora_weights_13002_130020.safetensors"));
	});

	it("a name taken from Content-Disposition never replaces another version's file", async () => {
		const { lora, engine, history } = await setup();
		await download(["version:13001"], engine);
		const first = await fileSha256(join(lora, SAME));
		assert.equal((await download(["version:13005"], engine)).succeeded, 1);
		assert.equal(await fileSha256(join(lora, SAME)), first);
		assert.equal((await history()).at(-1)!.path, join(lora, "pytorch_lora_weights_13005.safetensors"));
	});

	it("two versions of one name in one run: both kept", async () => {
		const { lora, engine } = await setup();
		const summary = await download(["version:13001", "version:13002"], { ...engine, settings: { ...engine.settings, smallFiles: 2 } });
		assert.equal(summary.succeeded, 2, JSON.stringify(summary.failures));
		assert.equal((await stat(join(lora, SAME))).size + (await stat(join(lora, "pytorch_lora_weights_13002.safetensors"))).size, 21 * KiB);
	});

	it("a history where several versions share one path heals: redownload gives the others their own names", async () => {
		const { lora, engine, history, storage } = await setup();
		await download(["version:13003"], engine);
		const rows = await history();
		// an older run recorded 13001 at the same path before 13003 replaced it
		const stale: RowIn = { ...(rows[0] as RowIn), version_id: "13001", file_id: "130010", size_bytes: String(12 * KiB) };
		const before = storage();
		const summary = await redownload([stale, rows[0] as RowIn], { ...engine, ordered: false });
		assert.equal(summary.succeeded, 1);
		assert.equal(summary.skipped, 1);
		assert.equal(storage(), before + 1);
		assert.equal((await stat(join(lora, SAME))).size, 12 * KiB, "13003's file is intact");
		assert.equal((await stat(join(lora, "pytorch_lora_weights_13001.safetensors"))).size, 10 * KiB);
	});
});
