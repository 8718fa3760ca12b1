import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/** Mount a small tmpfs at `dir`; the reason it cannot be done, or null when it is mounted. */
function mountTmpfs(dir: string, size: string): string | null {
	if (process.platform !== "linux") return `a tmpfs needs Linux (this is ${process.platform})`;
	if (process.getuid?.() !== 0) return "mounting a tmpfs needs root, and this test runs as another user";
	try {
		execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
		return null;
	} catch (e) {
		return `mount -t tmpfs failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
	}
}

describe("a disk that fills up during the run (a real ENOSPC on a small tmpfs)", () => {
	it("fails the file being written with kind disk, keeps its partial, stops the run and parks the rest", async (t) => {
		const dir = await tempDir();
		// the mount point lives outside the test's temp folder: it is unmounted before it is removed
		const small = await mkdtemp(join(tmpdir(), "civitai-dl-small-disk-"));
		const why = mountTmpfs(small, "300k");
		if (why) {
			await rm(small, { recursive: true, force: true });
			t.skip(why);
			return;
		}
		t.after(async () => {
			execFileSync("umount", [small]);
			await rm(small, { recursive: true, force: true });
		});
		// two LoRAs of 200 and 150 KiB side by side: each fits the 300 KiB alone, together they do not
		const slow = (version: number) => ({ version, attempt: "every" as const, kind: "throttle" as const, bytesPerSecond: 400 * 1024 });
		const server = await fakeCivitai({ faults: [slow(2000), slow(2010)] });
		const config = await writeConfig(dir, { concurrency: { small_files: 2 }, download_paths: { lora: small, embedding: small } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:2000", "version:2010", "version:3000", "--failed-out", "f.csv"], { cwd: dir, env });
		assert.equal(r.code, 3, r.stderr); // SPEC: parked (full disk), run the failed list later
		assert.match(r.stderr, /FAILED lora\d?\.safetensors \(disk\): Cannot write .*\.part: the disk is full\./);
		assert.match(r.stdout, /stopped: the disk is full\./);
		// the embedding is parked: by its name when it got as far as resolving, else by the target it was given
		const rows = (await readCsv(join(dir, "f.csv"))).rows.map((x) => x.cells);
		assert.ok(
			rows.some((x) => (x.filename === "embedding1.pt" || x.url === "version:3000") && x.error_kind === "disk"),
			`the rest is parked: ${JSON.stringify(rows.map((x) => [x.filename, x.url, x.error_kind]))}`,
		);
		// no file under a final name is truncated; the failed one's partial is still there to resume
		for (const name of await readdir(small)) {
			const size = (await stat(join(small, name))).size;
			if (name === "lora1.safetensors") assert.equal(size, 200 * 1024);
			if (name === "lora2.safetensors") assert.equal(size, 150 * 1024);
		}
		assert.ok(
			(await readdir(small)).some((n) => n.endsWith(".part")),
			"the partial is kept",
		);
	});
});
