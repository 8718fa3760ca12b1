import assert from "node:assert/strict";
import { copyFile, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { readBytes } from "../../fake-civitai/bytes.js";
import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import { readCsv } from "../../src/history/csv-file.js";
import { probeNameCase } from "../../src/platform/folder-case.js";
import { mountExfat } from "../exfat-mount.js";
import { fakeCivitai, KEY, ROOT, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

/**
 * The library on a real exFAT file system (an image mounted through FUSE, as an external drive
 * formatted on Windows or macOS): names compared without case, no symlinks, no chmod, mtimes to the
 * second. Needs Linux, root and FUSE (CI here); elsewhere every test is skipped with the reason.
 */

const KiB = 1024;
let mount: string | undefined;
let why = "";
let unmount: (() => Promise<void>) | undefined;

before(async () => {
	const m = await mountExfat(64);
	if ("why" in m) why = m.why;
	else ({ dir: mount, unmount } = m);
});
after(async () => {
	await unmount?.();
});

/** The mount for this test, in a folder of its own; undefined (and the test skipped, saying why) without one. */
async function library(t: TestContext, name: string): Promise<string | undefined> {
	if (!mount) {
		t.skip(why);
		return undefined;
	}
	const dir = join(mount, name);
	await mkdir(dir, { recursive: true });
	return dir;
}

/** Two LoRAs whose files differ only in case, from two different models. */
function withCaseTwins(): FakeCatalogue {
	const c = smallCatalogue();
	c.models.push(
		{
			id: 1801,
			name: "Detail Upper",
			type: "LORA",
			versions: [{ id: 18010, name: "v1", files: [{ id: 180100, name: "Detail.safetensors", sizeBytes: 30 * KiB, primary: true }] }],
		},
		{
			id: 1802,
			name: "detail lower",
			type: "LORA",
			versions: [{ id: 18020, name: "v1", files: [{ id: 180200, name: "detail.safetensors", sizeBytes: 30 * KiB, primary: true }] }],
		},
	);
	return c;
}

async function setup(lib: string, catalogue = smallCatalogue(), faults: Parameters<typeof fakeCivitai>[0] = {}) {
	const dir = await tempDir();
	const server = await fakeCivitai({ catalogue, ...faults });
	const paths = { checkpoint: join(lib, "Stable-diffusion"), lora: join(lib, "Lora"), embedding: join(lib, "embeddings") };
	const history = join(lib, "download_history.csv");
	const config = await writeConfig(dir, { history_file: history, download_paths: paths });
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_RED_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const run = (args: string[], timeoutMs?: number) => runCli(args, { cwd: dir, env, ...(timeoutMs ? { timeoutMs } : {}) });
	const rows = async () => (await readCsv(history)).rows.map((r) => r.cells);
	return { dir, server, paths, history, run, rows };
}

describe("the library on a real exFAT drive", () => {
	it("the folder is found case-insensitive by probing it (a folder of files, an empty one, one not made yet); /tmp is not", async (t) => {
		const lib = await library(t, "probe");
		if (!lib) return;
		assert.equal(await probeNameCase(lib), "insensitive", "an empty folder: a probe file of ours");
		assert.deepEqual(await readdir(lib), [], "the probe file is gone");
		await writeFile(join(lib, "Model.safetensors"), "x");
		assert.equal(await probeNameCase(lib), "insensitive", "a folder with a file: its name looked up in the other case");
		assert.equal(await probeNameCase(join(lib, "not", "yet")), "insensitive", "a folder not made yet: its nearest existing ancestor");
		assert.equal(await probeNameCase(await tempDir()), "sensitive");
	});

	it("get, then verify: the files in place, verified", async (t) => {
		const lib = await library(t, "get");
		if (!lib) return;
		const { run, paths } = await setup(lib);
		const r = await run(["get", "version:2000", "version:3000"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await stat(join(paths.lora, "lora1.safetensors"))).size, 200 * KiB);
		const v = await run(["verify"]);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, /2 ok, 0 missing, 0 size mismatch, 0 hash mismatch/);
	});

	it("two models whose files differ only in case stay two files with two rows: in two runs, and in one run with two lanes", async (t) => {
		const lib = await library(t, "case");
		if (!lib) return;
		for (const [i, runs] of [
			[
				["get", "version:18010"],
				["get", "version:18020"],
			],
			[["get", "version:18010", "version:18020", "--concurrency", "2"]],
		].entries()) {
			const sub = join(lib, `try${i}`);
			const { run, paths, rows } = await setup(sub, withCaseTwins());
			for (const args of runs) {
				const r = await run(args);
				assert.equal(r.code, 0, r.stderr);
				// the history says whose file Detail.safetensors is: no "not ours" warning about it
				assert.doesNotMatch(r.stderr, /did not download it/);
			}
			const files = (await readdir(paths.lora)).filter((n) => n.endsWith(".safetensors")).sort();
			assert.deepEqual(files, ["Detail.safetensors", "detail_18020.safetensors"]);
			assert.deepEqual(
				(await rows()).map((x) => [x.version_id, x.filename]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
				[
					["18010", "Detail.safetensors"],
					["18020", "detail_18020.safetensors"],
				],
			);
			const v = await run(["verify"]);
			assert.equal(v.code, 0, v.stdout + v.stderr);
			assert.match(v.stdout, /2 ok, 0 missing, 0 size mismatch, 0 hash mismatch/);
		}
	});

	it("a history written on ext4 with both names: the second is given its own name here, the first model's bytes are never replaced", async (t) => {
		const lib = await library(t, "moved-case");
		if (!lib) return;
		const { run, paths, history, server } = await setup(lib, withCaseTwins());
		// the library as it was on Linux: two files, Detail and detail; copied here, only Detail's survived
		await mkdir(paths.lora, { recursive: true });
		await writeFile(join(paths.lora, "Detail.safetensors"), readBytes("file-180100", 0, 30 * KiB));
		const { sha256Of } = await import("../../fake-civitai/bytes.js");
		const row = (v: number, f: number, name: string) =>
			`2026-01-01 00:00:00,lora,${server.baseUrl}/download/models/${v},${name},${v / 10},${v},${f},${30 * KiB},${sha256Of(`file-${f}`, 30 * KiB)},${join(paths.lora, name)}`;
		await writeFile(
			history,
			`timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\n${row(18010, 180100, "Detail.safetensors")}\n${row(18020, 180200, "detail.safetensors")}\n`,
		);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		// Detail.safetensors is the row that the drive shows by that name: kept; detail's file gets its own name
		const files = (await readdir(paths.lora)).filter((n) => n.endsWith(".safetensors")).sort();
		assert.deepEqual(files, ["Detail.safetensors", "detail_18020.safetensors"]);
		const v = await run(["verify"]);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, /2 ok, 0 missing, 0 size mismatch, 0 hash mismatch/);
	});

	it("redownload resumes a dropped download from its partial, and verifies it", async (t) => {
		const lib = await library(t, "resume");
		if (!lib) return;
		const { run, paths, server } = await setup(lib, smallCatalogue(), {
			faults: [{ version: 2000, attempt: 1, kind: "drop", afterBytes: 120 * KiB }],
		});
		const r = await run(["get", "version:2000"]);
		assert.equal(r.code, 0, r.stderr);
		const ranged = server.requests.filter((q) => q.origin === "storage" && q.range !== undefined);
		assert.ok(ranged.length >= 1, "the second attempt asked for the rest with Range");
		// and redownload of a partial left by a killed run: resumed from its bytes, not from zero
		await writeFile(join(paths.lora, "lora2.safetensors.part"), readBytes("file-20100", 0, 100 * KiB));
		const before = server.requests.length;
		const again = await run(["redownload", "version:2010"]);
		assert.equal(again.code, 0, again.stderr);
		const resumed = server.requests.slice(before).filter((q) => q.origin === "storage");
		assert.equal(resumed[0]?.range, `bytes=${100 * KiB}-`);
		const v = await run(["verify"]);
		assert.match(v.stdout, /2 ok, 0 missing, 0 size mismatch, 0 hash mismatch/);
	});

	it("import finds the files on the drive and records them; verify agrees", async (t) => {
		const lib = await library(t, "import");
		if (!lib) return;
		const { run, paths, rows } = await setup(lib);
		await mkdir(join(paths.lora, "Styles"), { recursive: true });
		await writeFile(join(paths.lora, "Styles", "lora1.safetensors"), readBytes("file-20000", 0, 200 * KiB));
		await mkdir(paths.embedding, { recursive: true });
		await writeFile(join(paths.embedding, "embedding1.pt"), readBytes("file-30000", 0, 20 * KiB));
		const r = await run(["import", "--lookup-pause", "0"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual((await rows()).map((x) => x.version_id).sort(), ["2000", "3000"]);
		const again = await run(["import", "--lookup-pause", "0"]);
		assert.match(again.stdout, /0 not in the history yet/);
		const v = await run(["verify"]);
		assert.match(v.stdout, /2 ok, 0 missing/);
	});

	it("a Windows-written history: its rows come back into the category folders here, said once", async (t) => {
		const lib = await library(t, "windows");
		if (!lib) return;
		const { run, paths, history } = await setup(lib);
		await copyFile(join(ROOT, "test/fixtures/histories/written-on-windows.csv"), history);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((r.stderr.match(/3 history rows name paths written on another system/g) ?? []).length, 1, r.stderr);
		assert.deepEqual((await readdir(paths.lora)).filter((n) => n.endsWith(".safetensors")).sort(), [
			"lora1.safetensors",
			"lora2.safetensors",
		]);
		const v = await run(["verify"]);
		assert.match(v.stdout, /3 ok, 0 missing/);
	});

	it("--from names the download folder in another case: the same folder on exFAT, not outside it", async (t) => {
		const lib = await library(t, "from-case");
		if (!lib) return;
		const { run, paths, dir } = await setup(lib);
		await mkdir(paths.lora, { recursive: true });
		const shared = join(dir, "shared.csv");
		await writeFile(
			shared,
			`timestamp,model_type,url,filename,version_id,path\n2026-01-01 00:00:00,lora,x,Renamed.safetensors,2000,${join(lib, "LORA", "Renamed.safetensors")}\n`,
		);
		const r = await run(["redownload", "--from", shared]);
		assert.equal(r.code, 0, r.stderr);
		assert.doesNotMatch(r.stderr, /outside the download folders/);
		assert.ok((await readdir(paths.lora)).includes("Renamed.safetensors"), "kept under the list's own name, in the folder it named");
	});

	it("two processes contending for the lock on the drive: both finish, no row lost or doubled, no live lock taken over", async (t) => {
		const lib = await library(t, "lock");
		if (!lib) return;
		const { run, rows, history } = await setup(lib);
		const results = await Promise.all([
			run(["get", "version:2000"], 60_000),
			run(["get", "version:2010"], 60_000),
			run(["get", "version:3000"], 60_000),
		]);
		for (const r of results) {
			assert.equal(r.code, 0, r.stderr);
			assert.doesNotMatch(r.stderr, /Took over the lock/);
		}
		assert.deepEqual((await rows()).map((x) => x.version_id).sort(), ["2000", "2010", "3000"]);
		assert.deepEqual(
			(await readdir(lib)).filter((n) => n.startsWith("download_history.csv.lock")),
			[],
			`no lock left beside ${history}`,
		);
	});
});
