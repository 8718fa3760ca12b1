import assert from "node:assert/strict";
import { copyFile, readdir, stat } from "node:fs/promises";
import { join, win32 } from "node:path";
import { describe, it } from "node:test";
import { rowFromCsv } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { pathOfRow, rowsHere } from "../../src/library/entries.js";
import { fakeCivitai, KEY, ROOT, runCli, tempDir, writeConfig } from "../helpers.js";

const FIXTURES = join(ROOT, "test/fixtures/histories");
const WINDOWS = join(FIXTURES, "written-on-windows.csv");
const LINUX_MAC = join(FIXTURES, "written-on-linux-and-macos.csv");

async function rowsOf(file: string) {
	return (await readCsv(file)).rows.map(rowFromCsv);
}

const onWindows = {
	checkpoint: "E:\\AI\\models\\Stable-diffusion",
	lora: "E:\\AI\\models\\Lora",
	embedding: "E:\\AI\\embeddings",
} as never;
const onLinux = { checkpoint: "/srv/models/checkpoint", lora: "/srv/models/lora", embedding: "/srv/models/embedding" } as never;

describe("a history moved between machines (real histories of both kinds, path.win32 for Windows)", () => {
	it("written on Windows, read on Linux or macOS: each row in its category folder here, under its own file name", async () => {
		const { rows, mapped } = rowsHere(await rowsOf(WINDOWS), onLinux, "posix");
		assert.equal(mapped, 3);
		assert.deepEqual(
			rows.map((r) => r.path),
			["/srv/models/lora/lora1.safetensors", "/srv/models/lora/lora2.safetensors", "/srv/models/embedding/embedding1.pt"],
		);
	});
	it("written on Linux and macOS, read on Windows: the same, with Windows' paths", async () => {
		const { rows, mapped } = rowsHere(await rowsOf(LINUX_MAC), onWindows, "win32");
		assert.equal(mapped, 3);
		assert.deepEqual(
			rows.map((r) => r.path),
			["E:\\AI\\models\\Lora\\lora1.safetensors", "E:\\AI\\models\\Lora\\lora2.safetensors", "E:\\AI\\embeddings\\embedding1.pt"],
		);
		for (const r of rows) assert.ok(win32.isAbsolute(r.path));
	});
	it("read on the system that wrote it: nothing is mapped, each path kept", async () => {
		const win = rowsHere(await rowsOf(WINDOWS), onWindows, "win32");
		assert.equal(win.mapped, 0);
		assert.equal(win.rows[0]!.path, "D:\\sd\\models\\Lora\\lora1.safetensors");
		const lin = rowsHere(await rowsOf(LINUX_MAC), onLinux, "posix");
		assert.equal(lin.mapped, 0);
		assert.equal(lin.rows[1]!.path, "/Users/me/Models/Lora/lora2.safetensors");
	});
	it("where verify and import look for a row's file (pathOfRow) on this machine", async () => {
		const rows = await rowsOf(process.platform === "win32" ? LINUX_MAC : WINDOWS);
		const paths = process.platform === "win32" ? onWindows : onLinux;
		assert.equal(pathOfRow(rows[0]!, paths), join((paths as Record<string, string>).lora!, "lora1.safetensors"));
	});
});

describe("redownload and verify of a history written on Windows, here on Linux/macOS", () => {
	it("the files come back into the category folders, said once with the count; verify finds them there", async (t) => {
		if (process.platform === "win32") {
			t.skip("this is the Windows-written history read on Linux or macOS; the reverse is the table above");
			return;
		}
		const dir = await tempDir();
		const server = await fakeCivitai();
		const history = join(dir, "download_history.csv");
		await copyFile(WINDOWS, history);
		const lora = join(dir, "lora");
		const emb = join(dir, "emb");
		const config = await writeConfig(dir, { history_file: history, download_paths: { lora, embedding: emb } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["redownload", "all", "--yes"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		const said = r.stderr.match(/history rows name paths written on another system/g) ?? [];
		assert.equal(said.length, 1, r.stderr);
		assert.match(
			r.stderr,
			/3 history rows name paths written on another system \(like D:\\sd\\models\\Lora\\lora1\.safetensors\): each file is looked for in its category folder here/,
		);
		assert.doesNotMatch(r.stderr, /outside the download folders/);
		assert.equal((await stat(join(lora, "lora1.safetensors"))).size, 200 * 1024);
		assert.equal((await stat(join(lora, "lora2.safetensors"))).size, 150 * 1024);
		assert.equal((await stat(join(emb, "embedding1.pt"))).size, 20 * 1024);
		assert.deepEqual(
			(await readdir(dir)).filter((n) => n.includes("\\")),
			[],
			"nothing named after a Windows path in the folder it ran in",
		);
		const v = await runCli(["verify"], { cwd: dir, env });
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, /3 ok, 0 missing/);
	});

	it("the same rows given with --from (someone else's list): kept in the download folders, not called outside them", async (t) => {
		if (process.platform === "win32") {
			t.skip("a Windows path is this system's own here");
			return;
		}
		const dir = await tempDir();
		const server = await fakeCivitai();
		const lora = join(dir, "lora");
		const config = await writeConfig(dir, { download_paths: { lora, embedding: join(dir, "emb") } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["redownload", "--from", WINDOWS], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.doesNotMatch(r.stderr, /outside the download folders/);
		assert.match(r.stderr, /3 history rows name paths written on another system/);
		assert.deepEqual((await readdir(lora)).filter((n) => n.endsWith(".safetensors")).sort(), ["lora1.safetensors", "lora2.safetensors"]);
	});
});
