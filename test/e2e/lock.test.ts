import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { stat, writeFile } from "node:fs/promises";
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
	it("two redownload runs started together both finish, with no lost or duplicated row", async () => {
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
		// one of them waited for the other, said so, and then found every file in place
		const waited = [a, b].filter((r) =>
			/Another civitai-dl run \(pid \d+\) is using .*download_history\.csv\.lock; waiting/.test(r.stderr),
		);
		assert.equal(waited.length, 1, a.stderr + b.stderr);
		assert.match(waited[0]!.stdout, /skipped:\s+3/);
		const rows = await historyRows(dir);
		assert.equal(rows.length, 6);
		assert.deepEqual(
			rows
				.slice(3)
				.map((r) => r.version_id)
				.sort(),
			["1000", "2000", "3000"],
		);
		const downloads = server.requests.filter((q) => q.path.startsWith("/api/download/models/"));
		assert.equal(downloads.length, 3);
		await assert.rejects(stat(join(dir, "download_history.csv.lock")), { code: "ENOENT" });
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

	it("the lock of a SIGKILLed run is taken over, and its download resumes to one verified row", async () => {
		const { dir, env } = await setup({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 100 * 1024 }] });
		const child = spawn(process.execPath, [BIN, "get", "version:1000"], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", ...env },
			stdio: "ignore",
		});
		const lock = join(dir, "download_history.csv.lock");
		for (let i = 0; i < 100; i++) {
			await sleep(100);
			if (
				await stat(join(dir, "models/checkpoint/checkpoint1.safetensors.part")).then(
					(s) => s.size > 50 * 1024,
					() => false,
				)
			)
				break;
		}
		assert.ok((await stat(lock)).isDirectory(), "the running download holds the lock");
		child.kill("SIGKILL");
		await new Promise((r) => child.on("close", r));
		const r = await runCli(["get", "version:1000"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(
			r.stderr,
			new RegExp(`Took over the lock on .*\\.lock: the civitai-dl run that held it \\(pid ${child.pid}\\) is gone\\.`),
		);
		assert.equal((await historyRows(dir)).length, 1);
	});
});
