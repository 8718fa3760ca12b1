import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

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

/** A small tmpfs of `size` for this test (unmounted after it); undefined when the test was skipped. */
async function smallDisk(t: TestContext, size: string): Promise<string | undefined> {
	const small = await mkdtemp(join(tmpdir(), "civitai-dl-small-disk-"));
	const why = mountTmpfs(small, size);
	if (why) {
		await rm(small, { recursive: true, force: true });
		t.skip(why);
		return undefined;
	}
	t.after(async () => {
		execFileSync("umount", [small]);
		await rm(small, { recursive: true, force: true });
	});
	return small;
}

/** Fill the file system of `dir` until `leave` bytes are free. */
async function fillLeaving(dir: string, leave: number): Promise<void> {
	const s = await statfs(dir);
	const fill = s.bavail * s.bsize - leave;
	if (fill > 0) await writeFile(join(dir, "filler"), Buffer.alloc(fill));
}

const SEED_ROWS = 1500;
const SEED = `timestamp,model_type,url,filename\n${Array.from(
	{ length: SEED_ROWS },
	(_, i) => `2026-01-01 00:00:00,lora,https://civitai.com/api/download/models/${100000 + i},file${i}.safetensors\n`,
).join("")}`;

describe("a full disk at the history (a real ENOSPC on a small tmpfs)", () => {
	it("full from the start: its own words, exit 3 with a summary, nothing downloaded, no lock left behind", async (t) => {
		const small = await smallDisk(t, "64k");
		if (!small) return;
		const dir = await tempDir();
		const server = await fakeCivitai();
		const lora = join(dir, "lora");
		const history = join(small, "download_history.csv");
		const config = await writeConfig(dir, { history_file: history, download_paths: { lora, embedding: join(dir, "emb") } });
		await writeFile(join(small, "filler"), Buffer.alloc(1024 * 1024)).catch(() => {}); // fills it: ENOSPC
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:2000", "version:3000"], { cwd: dir, env });
		assert.equal(r.code, 3, r.stderr);
		assert.match(r.stderr, /The disk holding the history .*download_history\.csv is full: nothing could be recorded there/);
		assert.doesNotMatch(r.stderr, /unexpected error/);
		assert.match(r.stdout, /Summary/);
		assert.match(r.stdout, /stopped: the disk is full\./);
		assert.match(r.stderr, /Could not write the failed list .* \(ENOSPC\)/);
		assert.deepEqual((await readdir(small)).sort(), ["filler"], "no lock, no empty failed list left on the full disk");
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download/")).length, 0);
		// space again: the next run starts at once (no lock to wait for) and downloads
		await rm(join(small, "filler"));
		const again = await runCli(["get", "version:2000"], { cwd: dir, env, timeoutMs: 20_000 });
		assert.equal(again.code, 0, again.stderr);
		assert.doesNotMatch(again.stderr, /waiting/);
	});

	it("a seed history that no longer fits once migrated: kept byte for byte (no backup left), the file recorded by the next run", async (t) => {
		const small = await smallDisk(t, "600k");
		if (!small) return;
		const dir = await tempDir();
		const server = await fakeCivitai();
		const lora = join(dir, "lora");
		const history = join(small, "download_history.csv");
		await writeFile(history, SEED);
		// room for the backup and the lock, not for the migrated copy beside them
		await fillLeaving(small, SEED.length + 48 * 1024);
		const config = await writeConfig(dir, { history_file: history, download_paths: { lora, embedding: join(dir, "emb") } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const failedList = join(dir, "failed.csv");
		const r = await runCli(["get", "version:2000", "version:3000", "--failed-out", failedList], { cwd: dir, env });
		assert.equal(r.code, 3, r.stderr);
		assert.match(
			r.stderr,
			/FAILED lora1\.safetensors \(disk\): Could not record lora1\.safetensors in the history .*: the disk holding the history is full\. The history keeps every row it had, and the file itself is in place/,
		);
		assert.match(r.stdout, /stopped: the disk is full\./);
		assert.equal(await readFile(history, "utf8"), SEED, "the seed history is exactly as it was");
		// (the run log beside the history is written whole or not at all: whether it fit is no matter here)
		const left = (await readdir(small)).filter((n) => n !== "download_history.csv.runs.jsonl").sort();
		assert.deepEqual(left, ["download_history.csv", "filler"], "no backup, temporary file or lock left");
		const parked = (await readCsv(failedList)).rows.map((x) => [x.cells.filename || x.cells.url, x.cells.error_kind]);
		assert.deepEqual(parked, [
			["lora1.safetensors", "disk"],
			["version:3000", "disk"],
		]);
		// space again: the file in place is recorded (its SHA-256 matches) without a download, and the history migrated whole
		await rm(join(small, "filler"));
		const before = server.requests.filter((q) => q.origin === "storage").length;
		const again = await runCli(["get", "version:2000"], { cwd: dir, env });
		assert.equal(again.code, 0, again.stderr);
		assert.equal(server.requests.filter((q) => q.origin === "storage").length, before);
		const rows = (await readCsv(history)).rows;
		assert.equal(rows.length, SEED_ROWS + 1);
		assert.equal(rows.at(-1)!.cells.path, join(lora, "lora1.safetensors"));
	});
});

describe("a body of no known size that fills the disk (a real ENOSPC on a small tmpfs)", () => {
	it("its partial file is deleted: nothing can resume it, and kept it would keep the disk full", async (t) => {
		const small = await smallDisk(t, "512k");
		if (!small) return;
		const dir = await tempDir();
		const catalogue = smallCatalogue();
		catalogue.models.push({
			id: 1600,
			name: "Sizeless",
			type: "LORA",
			versions: [
				{
					id: 16000,
					name: "v1",
					files: [{ id: 160000, name: "sizeless.safetensors", sizeBytes: 64 * 1024, primary: true, noSizeInApi: true }],
				},
			],
		});
		const server = await fakeCivitai({ catalogue, faults: [{ version: 16000, attempt: "every", kind: "endless_body" }] });
		const config = await writeConfig(dir, { download_paths: { lora: small } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:16000"], { cwd: dir, env });
		assert.equal(r.code, 3, r.stderr);
		assert.match(
			r.stderr,
			/the disk is full\. Neither Civitai nor the server gave the file's size, so what came cannot be resumed and was deleted/,
		);
		assert.deepEqual(await readdir(small), [], "no partial file left to keep the disk full");
	});
});
