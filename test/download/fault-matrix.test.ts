import assert from "node:assert/strict";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import { download } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { systemClock } from "../../src/platform/clock.js";
import { inProcess } from "../engine-harness.js";
import { fileSha256 } from "../helpers/files.js";
import { fakeCivitai, KEY } from "../helpers.js";

/**
 * The fault matrix, in process through the gateway: every fault at the start, the middle and the last
 * byte of a 512 KiB checkpoint, all cases at once (each with its own server and folder). The clock is
 * the system's, with short real waits (0.1 s retries, a 1 s slow window), because stalls and throttling
 * are real time on the wire. test/e2e/faults.test.ts keeps one case of it through the built CLI.
 */
const SIZE = 512 * 1024; // checkpoint1.safetensors, version 1000

const offsets: [string, number][] = [
	["start", 1],
	["middle", SIZE / 2],
	["last byte", SIZE - 1],
];
const cases: [string, (at: number) => Fault[], "verified" | string][] = [
	["connection drop", (at) => [{ version: 1000, attempt: 1, kind: "drop", afterBytes: at }], "verified"],
	["stall", (at) => [{ version: 1000, attempt: 1, kind: "stall", afterBytes: at }], "verified"],
	["throttle", () => [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 1024 }], "verified"],
	["wrong bytes", (at) => [{ version: 1000, attempt: 1, kind: "wrong_bytes", atByte: at - 1 }], "hash_mismatch"],
	["short body", (at) => [{ version: 1000, attempt: 1, kind: "short_body", missingBytes: SIZE - at }], "verified"],
	["429", () => [{ version: 1000, attempt: 1, kind: "rate_limit" }], "verified"],
	["503", () => [{ version: 1000, attempt: 1, kind: "unavailable" }], "verified"],
	["expired signed URL", () => [{ version: 1000, attempt: 1, kind: "expired_url" }], "verified"],
	["HTML body", () => [{ version: 1000, attempt: 1, kind: "html_body" }], "bad_body"],
];

/** One `get version:1000` in process against a server with these faults, and where things stand after it. */
async function getWith(faults: Fault[], prepare?: (dir: string) => Promise<void>) {
	const server = await fakeCivitai({ faults });
	const run = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [100, 100, 100], speedThresholdBps: 10 * 1024, slowWindowMs: 1000 },
		engine: { clock: systemClock },
	});
	await prepare?.(run.dir);
	const summary = await download(["version:1000"], run.engine);
	const apiSha = (
		(await (await fetch(`${server.baseUrl}/api/v1/model-versions/1000`)).json()) as { files: { hashes: { SHA256: string } }[] }
	).files[0]!.hashes.SHA256;
	return { ...run, summary, apiSha, final: join(run.dir, "checkpoint", "checkpoint1.safetensors") };
}

/** The one promise of every case: a verified file with one history row, or a failed-list row of the right kind and no final file. */
async function outcome(r: Awaited<ReturnType<typeof getWith>>, want: "verified" | string, label: string): Promise<void> {
	const why = `${label}: ${JSON.stringify(r.summary.failures)}`;
	if (want === "verified") {
		assert.equal(r.summary.succeeded, 1, why);
		const sha = await fileSha256(r.final);
		assert.equal(sha, r.apiSha, label);
		assert.equal((await readCsv(r.settings.historyFile)).rows.length, 1, label);
		return;
	}
	assert.equal(r.summary.failed, 1, why);
	await assert.rejects(stat(r.final), { code: "ENOENT" }, `${label}: a final-named file exists`);
	assert.equal((await readCsv(join(r.dir, "failed.csv"))).rows[0]?.cells.error_kind, want, label);
}

describe("fault matrix in process: every fault at the start, the middle and the last byte", { concurrency: true }, () => {
	for (const [name, faults, want] of cases) {
		it(`${name} → ${want}`, async () => {
			await Promise.all(offsets.map(async ([where, at]) => outcome(await getWith(faults(at)), want, `${name} at the ${where}`)));
		});
	}

	it("416: a partial longer than the file is dropped and the download starts over, verified", async () => {
		const r = await getWith([], async (dir) => {
			await mkdir(join(dir, "checkpoint"), { recursive: true });
			await writeFile(join(dir, "checkpoint", "checkpoint1.safetensors.part"), Buffer.alloc(SIZE + 100));
		});
		await outcome(r, "verified", "416");
	});
});
