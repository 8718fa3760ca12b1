import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { copyBundle, fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/**
 * Write errors other than a full disk fail that item with kind disk and a sentence that says what
 * to do; the rest of the run goes on. Each case: the checkpoint (version 1000) is fine, the LoRA
 * (version 2000) cannot be written.
 */
async function run(dir: string, extra: Record<string, unknown>, as: { uid?: number; bin?: string } = {}) {
	const server = await fakeCivitai();
	try {
		const config = await writeConfig(dir, extra);
		if (as.uid !== undefined) await chmod(config, 0o644);
		const r = await runCli(["get", "version:1000", "version:2000", "--failed-out", "f.csv", "--no-progress"], {
			...as,
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		const rows = (await readCsv(join(dir, "f.csv"))).rows.map((x) => x.cells);
		const storage = server.requests.filter((q) => q.origin === "storage" && q.method === "GET").map((q) => q.path.split("/")[2]);
		return { r, rows, storage };
	} finally {
		await server.close();
	}
}

async function assertOnlyLoraFailed(dir: string, out: Awaited<ReturnType<typeof run>>, said: RegExp) {
	const label = out.r.stderr;
	assert.equal(out.r.code, 1, label);
	assert.match(out.r.stderr, said);
	assert.deepEqual(
		out.rows.map((x) => [x.filename, x.error_kind]),
		[["lora1.safetensors", "disk"]],
		label,
	);
	assert.equal((await stat(join(dir, "models/checkpoint/checkpoint1.safetensors"))).size, 512 * 1024, "the other item still came down");
}

describe("write errors: one clear sentence, kind disk, the run goes on", () => {
	it("a folder where the file should go is refused before any byte is downloaded", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "models/lora/lora1.safetensors"), { recursive: true });
		const out = await run(dir, {});
		await assertOnlyLoraFailed(dir, out, /Cannot write .*lora1\.safetensors: a folder has that name\. Move the folder away/);
		assert.deepEqual(out.storage, ["1000"], "the LoRA's bytes were never asked for");
	});

	it("a download path through a file says that part of the path is a file", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "not-a-folder"), "x");
		const out = await run(dir, { download_paths: { lora: join(dir, "not-a-folder/loras") } });
		await assertOnlyLoraFailed(dir, out, /Cannot write .*not-a-folder\/loras: part of that path is a file, not a folder/);
	});

	it("a folder without write permission: permission denied (as root, the run is made as uid 65534)", async () => {
		const dir = await tempDir();
		const as: { uid?: number; bin?: string } = {};
		if (process.getuid?.() === 0) {
			// root writes anywhere: run as an ordinary user, from a copy of the bundle it can read
			as.uid = 65534;
			as.bin = join(dir, "civitai-dl.mjs");
			await copyBundle(dir);
			await chmod(as.bin, 0o755);
			await chmod(dir, 0o777);
		}
		const locked = join(dir, "locked");
		await mkdir(locked);
		await chmod(locked, 0o555);
		const out = await run(dir, { download_paths: { lora: locked } }, as);
		await assertOnlyLoraFailed(
			dir,
			out,
			/Cannot write .*locked\/lora1\.safetensors\.part: permission denied\. Give your user write access/,
		);
	});

	it("a read-only file system (a read-only tmpfs; needs root)", async (t) => {
		const dir = await tempDir();
		if (process.getuid?.() !== 0 || process.platform !== "linux") {
			t.skip("mounting a read-only tmpfs needs root on Linux");
			return;
		}
		const ro = await mkdtemp(join(tmpdir(), "civitai-dl-ro-"));
		try {
			execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro], { stdio: "pipe" });
		} catch (e) {
			await rm(ro, { recursive: true, force: true });
			t.skip(`mount -o ro failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
			return;
		}
		t.after(() => execFileSync("umount", [ro]));
		t.after(() => rm(ro, { recursive: true, force: true }));
		const out = await run(dir, { download_paths: { lora: ro } });
		await assertOnlyLoraFailed(dir, out, /Cannot write .*lora1\.safetensors\.part: the file system is read-only\. Remount it writable/);
	});
});
