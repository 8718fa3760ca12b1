import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ResolvedItem } from "../../src/civitai/resolve.js";
import { FAT_STATFS_TYPE, FAT32_MAX_BYTES, maxFileBytes, tooBigFor } from "../../src/core/file-systems.js";
import { type Placed, preflight } from "../../src/download/placement.js";
import { readCsv } from "../../src/history/csv-file.js";
import { BIN, fakeCivitai, KEY, tempDir, writeConfig } from "../helpers.js";

const GiB = 1024 ** 3;

function placed(dir: string, sizeBytes: number): Placed {
	const resolved = { versionId: 1, fileId: 1, fileName: "big.safetensors", sizeBytes, category: "checkpoint" } as ResolvedItem;
	return { resolved, category: "checkpoint", dir, name: "big.safetensors", path: join(dir, "big.safetensors") };
}

describe("what a file system cannot hold (core/file-systems.ts)", () => {
	const cases: [string, number | undefined, NodeJS.Platform, number | undefined][] = [
		["FAT (vfat) on Linux", FAT_STATFS_TYPE, "linux", FAT32_MAX_BYTES],
		["ext4", 0xef53, "linux", undefined],
		["exFAT through FUSE (fuseblk: not told)", 0x65735546, "linux", undefined],
		["the same number on macOS means something else", FAT_STATFS_TYPE, "darwin", undefined],
		["Windows does not say", 0, "win32", undefined],
		["unknown", undefined, "linux", undefined],
	];
	for (const [what, type, platform, want] of cases) it(what, () => assert.equal(maxFileBytes(type, platform), want));
	it("over the limit only when the size is known and above it", () => {
		assert.equal(tooBigFor(4 * GiB, FAT32_MAX_BYTES), true);
		assert.equal(tooBigFor(4 * GiB - 1, FAT32_MAX_BYTES), false);
		assert.equal(tooBigFor(undefined, FAT32_MAX_BYTES), false);
		assert.equal(tooBigFor(10 * GiB, undefined), false);
	});
});

describe("a file too big for FAT32, known before downloading", () => {
	it("fails the item with kind disk, naming the 4 GiB limit, before a byte is fetched", async () => {
		const dir = await tempDir();
		await assert.rejects(
			preflight(placed(dir, 6.5 * GiB), join(dir, "big.safetensors.part"), 6.5 * GiB, "en", {
				free: 100 * GiB,
				folderAtPath: false,
				maxFile: FAT32_MAX_BYTES,
			}),
			(e: Error & { kind?: string }) => {
				assert.equal(e.kind, "disk");
				assert.match(
					e.message,
					/big\.safetensors \(6\.5 GiB\) cannot go to .*: that folder is on FAT32, which holds files of at most 4 GiB\. Nothing was downloaded/,
				);
				return true;
			},
		);
		// the same file where no limit is known goes ahead
		await preflight(placed(dir, 6.5 * GiB), join(dir, "big.safetensors.part"), 6.5 * GiB, "en", { free: 100 * GiB, folderAtPath: false });
	});
});

/** The built CLI with the file-size limit of `ulimit -f` (KiB): writes past it fail with EFBIG, as FAT32's 4 GiB does. */
function runLimited(
	kib: number,
	args: string[],
	cwd: string,
	env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn("bash", ["-c", `ulimit -f ${kib} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
			cwd,
			env: { PATH: process.env.PATH ?? "", HOME: cwd, LANG: "C", ...env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => (stdout += d));
		child.stderr.on("data", (d) => (stderr += d));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

describe("a file too big for its file system, found while writing (a real EFBIG)", () => {
	it("fails that item in words naming the limit; the run goes on with the next item", async (t) => {
		if (process.platform === "win32") {
			t.skip("ulimit -f needs a POSIX shell and kernel");
			return;
		}
		const dir = await tempDir();
		const server = await fakeCivitai();
		const config = await writeConfig(dir, { download_paths: { lora: join(dir, "lora"), embedding: join(dir, "emb") } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		// a 200 KiB LoRA over a 100 KiB limit, then a 20 KiB embedding under it
		const r = await runLimited(100, ["get", "version:2000", "version:3000", "--failed-out", "f.csv"], dir, env);
		assert.equal(r.code, 1, r.stderr); // an item failed; the run was not stopped (exit 3 is for a full disk)
		assert.match(
			r.stderr,
			/FAILED lora1\.safetensors \(disk\): Cannot write .*lora1\.safetensors.*: its file system cannot hold a file this big \(EFBIG\)\. FAT32 holds files of at most 4 GiB/,
		);
		assert.doesNotMatch(r.stdout, /stopped/);
		assert.equal((await stat(join(dir, "emb", "embedding1.pt"))).size, 20 * 1024);
		assert.ok(!(await readdir(join(dir, "lora"))).includes("lora1.safetensors"));
		const failed = (await readCsv(join(dir, "f.csv"))).rows.map((x) => [x.cells.filename, x.cells.error_kind]);
		assert.deepEqual(failed, [["lora1.safetensors", "disk"]]);
	});
});
