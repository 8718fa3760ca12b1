import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { download } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { systemClock } from "../../src/platform/clock.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/**
 * Red team of issue 25: two runs with different histories (two configs) download into one folder at
 * once, each a version whose file has the same name. The history lock is per history, so nothing kept
 * them apart: the second resumed the first's partial file with its own bytes, and a file whose bytes
 * were not the version's was renamed into place and recorded as verified. A file's claim
 * (`<name>.part.lock`, download/locks.ts) keeps them apart: the second waits for the first's file, then
 * finds a file there that its own history does not record, and takes a distinct name.
 */
const KiB = 1024;
const same = (id: number): FakeModel => ({
	id,
	name: `Same ${id}`,
	type: "LORA",
	versions: [{ id: id * 10, name: "v1", files: [{ id: id * 100, name: "same.safetensors", sizeBytes: 600 * KiB, primary: true }] }],
});

/** Both runs take their locks and claims, on the real clock (a claim's wait is real time). */
const locked = { lock: { timeoutMs: 60_000 }, clock: systemClock };

const sha256 = async (path: string) =>
	createHash("sha256")
		.update(await readFile(path))
		.digest("hex")
		.toUpperCase();

describe("two runs with their own histories, one folder, one file name (red team)", () => {
	it("never install a file whose bytes are not the recorded SHA-256's; the second waits and takes another name", async () => {
		const server = await fakeCivitai({
			catalogue: { models: [same(1), same(2)] },
			faults: [
				{ version: 10, attempt: "every", kind: "throttle", bytesPerSecond: 100 * KiB },
				{ version: 20, attempt: "every", kind: "throttle", bytesPerSecond: 400 * KiB },
			],
		});
		const a = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [] }, engine: locked });
		const b = await inProcess(server.baseUrl, {
			settings: {
				apiKey: KEY,
				sleepMs: 0,
				retryDelaysMs: [],
				downloadPaths: a.settings.downloadPaths,
				historyFile: join(a.dir, "other.csv"),
			},
			engine: locked,
		});
		const first = download(["version:10"], a.engine);
		// the second starts once the first has its partial file (about 6 s of transfer to go)
		const part = join(a.settings.downloadPaths.lora, "same.safetensors.part");
		while (!(await stat(part).catch(() => undefined))) await sleep(20);
		const [one, two] = await Promise.all([first, download(["version:20"], b.engine)]);
		assert.equal(one.succeeded, 1, JSON.stringify(one.failures));
		const recorded = [...(await readCsv(a.settings.historyFile)).rows, ...(await readCsv(b.settings.historyFile)).rows].map((r) => r.cells);
		for (const c of recorded) assert.equal(await sha256(c.path!), c.sha256, `${c.path} holds other bytes than its row says`);
		assert.equal(two.succeeded, 1, JSON.stringify(two.failures));
		assert.equal(recorded.length, 2);
		assert.notEqual(recorded[0]!.path, recorded[1]!.path, "each version's file under its own name");
	});

	it("a partial's claim left by a run that is gone is taken over at once; a finished run leaves none", async () => {
		const server = await fakeCivitai({ catalogue: { models: [same(1)] } });
		const a = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [] }, engine: locked });
		const lora = a.settings.downloadPaths.lora;
		const child = spawn(process.execPath, ["-e", ""]);
		await new Promise((r) => child.on("close", r));
		await mkdir(join(lora, "same.safetensors.part.lock"), { recursive: true });
		await writeFile(
			join(lora, "same.safetensors.part.lock", "owner.json"),
			JSON.stringify({ pid: child.pid, host: hostname(), command: "civitai-dl" }),
		);
		const summary = await download(["version:10"], a.engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(
			// the dead claim is set aside as `<claim>.stale-<hash>`, swept by a later download once 30 s old
			(await readdir(lora)).filter((n) => n.includes(".part") && !/\.lock\.stale-[0-9a-f]+$/.test(n)),
			[],
			"no partial file and no claim left",
		);
	});
});
