import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { readCsv } from "../../src/history/csv-file.js";
import { BIN, fakeCivitai, KEY, runCli, tempDir, waitFor, writeConfig } from "../helpers.js";

/** A small deterministic generator, so that a failing sequence of kill points can be replayed. */
function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

// Twenty stops at random bytes run in process (test/download/interrupted.test.ts); here the real thing,
// SIGKILL of the built CLI, at a few random points (KILL_COUNT=20 for more, KILL_SEED to replay).
describe("killed again and again", () => {
	it("a download SIGKILLed at random points in a row still ends verified, with exactly one history row", async () => {
		// 512 KiB at 128 KiB/s: about 4 s of transfer, so most kills land mid-file
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: "every", kind: "throttle", bytesPerSecond: 128 * 1024 }] });
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { PATH: process.env.PATH ?? "", CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const seed = Number(process.env.KILL_SEED ?? 20261127);
		const random = prng(seed);
		const points: number[] = [];
		for (let k = 0; k < Number(process.env.KILL_COUNT ?? 5); k++) {
			const after = Math.round(100 + random() * 1400);
			points.push(after);
			const asked = server.requests.filter((q) => q.origin === "storage").length;
			const child = spawn(process.execPath, [BIN, "get", "version:1000"], { cwd: dir, env, stdio: "ignore" });
			let exited = false;
			const closed = new Promise((r) => child.on("close", r)).then(() => (exited = true)); // a run may finish before its kill point
			// the kill point counts from the run's request for the file: a slow start (a busy machine) does not use it up;
			// a run that finds the file complete asks nothing and ends by itself
			await waitFor(
				"the run to ask for the file, or to end",
				() => exited || server.requests.filter((q) => q.origin === "storage").length > asked,
			);
			const wait = new AbortController();
			await Promise.race([sleep(after, undefined, { signal: wait.signal }).catch(() => {}), closed]);
			wait.abort();
			child.kill("SIGKILL");
			await closed;
		}
		const last = await runCli(["get", "version:1000"], { cwd: dir, env });
		assert.equal(last.code, 0, `${last.stderr} (seed ${seed}, kills at ${points.join(", ")} ms after each run asked for the file)`);
		const file = join(dir, "models/checkpoint/checkpoint1.safetensors");
		const api = (await (await fetch(`${server.baseUrl}/api/v1/model-versions/1000`)).json()) as { files: { hashes: { SHA256: string } }[] };
		assert.equal(
			createHash("sha256")
				.update(await readFile(file))
				.digest("hex")
				.toUpperCase(),
			api.files[0]!.hashes.SHA256,
		);
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(rows.length, 1, `history rows: ${rows.length} (seed ${seed})`);
		// the partial was resumed, not restarted each time: far fewer bytes asked for than 21 whole files
		const ranged = server.requests.filter((q) => q.origin === "storage" && q.range !== undefined);
		assert.ok(ranged.length >= 2, `only ${ranged.length} resumed requests`);
	});
});

describe("a file that is there but not in the history", () => {
	it("is recorded when it is the right file, and kept (the download saved beside it) when it is not", async () => {
		const server = await fakeCivitai();
		const a = await tempDir();
		const b = await tempDir();
		const env = (_dir: string, config: string) => ({
			CIVITAI_DL_CONFIG: config,
			CIVITAI_BASE_URL: server.baseUrl,
			CIVITAI_API_KEY: KEY,
			PATH: process.env.PATH ?? "",
		});
		const ca = await writeConfig(a);
		const cb = await writeConfig(b);
		assert.equal((await runCli(["get", "version:2000"], { cwd: a, env: env(a, ca) })).code, 0);
		const good = await readFile(join(a, "models/lora/lora1.safetensors"));
		// as if a run was killed between the rename and its history row
		await mkdir(join(b, "models/lora"), { recursive: true });
		await writeFile(join(b, "models/lora/lora1.safetensors"), good);
		const before = server.requests.filter((q) => q.origin === "storage").length;
		const r = await runCli(["get", "version:2000"], { cwd: b, env: env(b, cb) });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /skipped lora1\.safetensors/);
		assert.equal(server.requests.filter((q) => q.origin === "storage").length, before, "nothing was downloaded");
		const rows = (await readCsv(join(b, "download_history.csv"))).rows;
		assert.equal(rows.length, 1);
		assert.equal(rows[0]!.cells.sha256, createHash("sha256").update(good).digest("hex").toUpperCase());
		// the same size with other bytes is not the file, and not ours: it stays, the download goes beside it
		const c = await tempDir();
		const cc = await writeConfig(c);
		await mkdir(join(c, "models/lora"), { recursive: true });
		await writeFile(join(c, "models/lora/lora1.safetensors"), Buffer.alloc(good.length, 7));
		const again = await runCli(["get", "version:2000"], { cwd: c, env: env(c, cc) });
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stderr, /warning: .*lora1\.safetensors is already there and civitai-dl did not download it/);
		assert.match(again.stdout, /done lora1_2000\.safetensors/);
		assert.deepEqual(await readFile(join(c, "models/lora/lora1.safetensors")), Buffer.alloc(good.length, 7));
		assert.deepEqual(await readFile(join(c, "models/lora/lora1_2000.safetensors")), good);
	});
});
