import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { readCsv } from "../../src/history/csv-file.js";
import { acquireLock } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { BIN, fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

async function setup(faults: Parameters<typeof fakeCivitai>[0] = {}) {
	const server = await fakeCivitai(faults);
	const dir = await tempDir();
	const config = await writeConfig(dir, {
		rate_limit_settings: { sleep_between_downloads: 0.3, retry_delays: [0.2], speed_threshold_kbps: 1, slow_duration_threshold_seconds: 5 },
	});
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	return { server, dir, env, run: (args: string[]) => runCli(args, { cwd: dir, env }) };
}

const historyRows = async (dir: string) => (await readCsv(join(dir, "download_history.csv"))).rows.map((r) => r.cells);

describe("one history shared by several processes", () => {
	it("two redownload runs started together both finish: each file downloaded once, no lost or duplicated row", async () => {
		const { server, dir, run } = await setup();
		const base = server.baseUrl;
		await writeFile(
			join(dir, "download_history.csv"),
			`timestamp,model_type,url,filename
2024-10-24 10:00:00,lora,${base}/models/200,lora1.safetensors
2024-10-24 10:01:00,checkpoint,${base}/models/100,checkpoint1.safetensors
2024-10-24 10:02:00,embedding,${base}/models/300,embedding1.pt
`,
		);
		const [a, b] = await Promise.all([run(["redownload", "all", "--yes"]), run(["redownload", "all", "--yes"])]);
		assert.equal(a.code, 0, a.stderr);
		assert.equal(b.code, 0, b.stderr);
		// the runs worked at once: neither waited for the other's whole run (the history is locked per append)
		for (const r of [a, b]) assert.doesNotMatch(r.stderr, /is using .*download_history\.csv\.lock/);
		const rows = await historyRows(dir);
		assert.equal(rows.length, 6, JSON.stringify(rows));
		assert.deepEqual(
			rows
				.slice(3)
				.map((r) => r.version_id)
				.sort(),
			["1000", "2000", "3000"],
		);
		// each file was claimed by one run: downloaded once; the other run waited for it or found it there
		const downloads = server.requests.filter((q) => q.path.startsWith("/api/download/models/"));
		assert.equal(downloads.length, 3);
		const skipped = [a, b].map((r) => Number(/skipped:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0));
		const succeeded = [a, b].map((r) => Number(/succeeded:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0));
		assert.equal(succeeded[0]! + succeeded[1]!, 3, a.stdout + b.stdout);
		assert.equal(skipped[0]! + skipped[1]!, 3, a.stdout + b.stdout);
		await assert.rejects(stat(join(dir, "download_history.csv.lock")), { code: "ENOENT" });
		assert.deepEqual(await leftovers(dir), []);
	});

	it("a get of another model does not wait for a long run (the history is locked for each append only)", async () => {
		const { dir, run } = await setup({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 64 * 1024 }] });
		const started = Date.now();
		const long = run(["get", "version:1000"]);
		// the long run is downloading (its part file grows) when the second starts
		await until(async () => ((await stat(join(dir, "models/checkpoint/checkpoint1.safetensors.part")).catch(() => null))?.size ?? 0) > 0);
		const short = await run(["get", "version:2000"]);
		const shortDone = Date.now();
		const longR = await long;
		const longDone = Date.now();
		assert.equal(short.code, 0, short.stderr);
		assert.equal(longR.code, 0, longR.stderr);
		assert.doesNotMatch(short.stderr, /waiting/);
		assert.ok(
			shortDone < longDone - 1000,
			`the short get ended ${longDone - shortDone} ms before the long one (${shortDone - started} ms in)`,
		);
		assert.deepEqual((await historyRows(dir)).map((r) => r.version_id).sort(), ["1000", "2000"]);
	});

	it("four runs of the same files at once: each file downloaded and recorded once, no .part written by two", async () => {
		const { server, dir, run } = await setup({ faults: [{ version: 2000, attempt: 1, kind: "throttle", bytesPerSecond: 200 * 1024 }] });
		const targets = ["version:2000", "version:2010", "version:3000"];
		const results = await Promise.all([
			run(["get", ...targets]),
			run(["get", ...targets]),
			run(["get", ...targets.toReversed()]),
			run(["get", ...targets]),
		]);
		for (const r of results) assert.equal(r.code, 0, r.stderr);
		const rows = await historyRows(dir);
		assert.deepEqual(rows.map((r) => r.version_id).sort(), ["2000", "2010", "3000"], JSON.stringify(rows));
		const downloads = server.requests.filter((q) => q.path.startsWith("/api/download/models/")).map((q) => q.path);
		assert.deepEqual(downloads.toSorted(), ["/api/download/models/2000", "/api/download/models/2010", "/api/download/models/3000"]);
		// someone waited for the throttled file and then found it there
		assert.ok(
			results.some((r) =>
				/\[\d\] lora1\.safetensors: another civitai-dl run \(pid \d+\) is downloading this file; waiting up to 10:00/.test(r.stderr),
			),
			results.map((r) => r.stderr).join("\n"),
		);
		assert.deepEqual(await leftovers(dir), []);
	});

	it("two get runs of different models at once both land their rows", async () => {
		const { dir, run } = await setup();
		const results = await Promise.all([run(["get", "version:2000"]), run(["get", "version:2010"]), run(["get", "version:3000"])]);
		for (const r of results) assert.equal(r.code, 0, r.stderr);
		const rows = await historyRows(dir);
		assert.deepEqual(rows.map((r) => r.version_id).sort(), ["2000", "2010", "3000"]);
	});

	it("a lock held elsewhere past --lock-timeout exits 2 with one sentence", async () => {
		const { dir, run } = await setup();
		const release = await acquireLock(join(dir, "download_history.csv"), { timeoutMs: 0, clock: systemClock });
		const r = await run(["get", "version:2000", "--lock-timeout", "0.5"]);
		await release();
		assert.equal(r.code, 2);
		assert.match(
			r.stderr,
			new RegExp(
				`Another civitai-dl run \\(pid ${process.pid}\\) still holds .*\\.lock after 0\\.5 s; try again later or raise --lock-timeout\\.`,
			),
		);
		assert.equal((await historyRows(dir).catch(() => [])).length, 0);
	});

	it("--dry-run needs no lock", async () => {
		const { dir, run } = await setup();
		const release = await acquireLock(join(dir, "download_history.csv"), { timeoutMs: 0, clock: systemClock });
		const r = await run(["get", "version:2000", "--dry-run", "--lock-timeout", "0"]);
		await release();
		assert.equal(r.code, 0, r.stderr);
	});

	it("the claim of a SIGKILLed run is taken over, and its download resumes to one verified row", async () => {
		const { dir, env } = await setup({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 100 * 1024 }] });
		const child = spawn(process.execPath, [BIN, "get", "version:1000"], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", ...env },
			stdio: "ignore",
		});
		const part = join(dir, "models/checkpoint/checkpoint1.safetensors.part");
		await until(async () => ((await stat(part).catch(() => null))?.size ?? 0) > 50 * 1024);
		assert.ok((await stat(`${part}.lock`)).isDirectory(), "the running download holds its file's claim");
		await assert.rejects(stat(join(dir, "download_history.csv.lock")), { code: "ENOENT" }, "but not the history lock");
		child.kill("SIGKILL");
		await new Promise((r) => child.on("close", r));
		const r = await runCli(["get", "version:1000"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(
			r.stderr,
			new RegExp(
				`Took over the lock on .*checkpoint1\\.safetensors\\.part\\.lock: the civitai-dl run that held it \\(pid ${child.pid}\\) is gone\\.`,
			),
		);
		assert.match(r.stdout, /resum/i);
		assert.equal((await historyRows(dir)).length, 1);
		assert.deepEqual(await leftovers(dir), []);
	});

	it("a file another run holds past --lock-timeout fails that item only, saying so; the rest is downloaded", async () => {
		const { dir, run } = await setup();
		const folder = join(dir, "models/lora");
		await mkdir(folder, { recursive: true });
		const release = await acquireLock(join(folder, "lora1.safetensors.part"), { timeoutMs: 0, clock: systemClock });
		const r = await run(["get", "version:2000", "version:2010", "--lock-timeout", "0.5"]);
		await release();
		assert.equal(r.code, 1, r.stderr);
		assert.match(
			r.stderr,
			new RegExp(`another civitai-dl run \\(pid ${process.pid}\\) was still downloading lora1\\.safetensors after --lock-timeout`),
		);
		assert.deepEqual(
			(await historyRows(dir)).map((x) => x.version_id),
			["2010"],
		);
		await assert.rejects(stat(join(folder, "lora1.safetensors")), { code: "ENOENT" });
	});
});

/** Lock folders still held (a claim or the history lock) anywhere under `dir`. */
async function leftovers(dir: string): Promise<string[]> {
	const all = await readdir(dir, { recursive: true });
	return all.filter((p) => /\.lock(\/|$)/.test(p));
}

async function until(ok: () => Promise<boolean>): Promise<void> {
	for (let i = 0; i < 200; i++) {
		if (await ok()) return;
		await sleep(50);
	}
	throw new Error("timed out waiting");
}
