import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Fault } from "../../fake-civitai/faults.js";
import { startFakeCivitai } from "../../fake-civitai/server.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

const SIZE = 512 * 1024; // checkpoint1.safetensors, version 1000
const FILE = "models/checkpoint/checkpoint1.safetensors";
// half a second of a stall or of 1 KiB/s is enough to tell (each case runs three times)
const fast = { sleep_between_downloads: 0, retry_delays: [0.1, 0.1, 0.1], speed_threshold_kbps: 10, slow_duration_threshold_seconds: 0.5 };

/** The one promise of every case: a verified file with one history row, or a failed-list row of the right kind and no final file. */
async function outcome(dir: string, code: number | null, want: "verified" | string, apiSha: string, label: string): Promise<void> {
	const final = join(dir, FILE);
	if (want === "verified") {
		assert.equal(code, 0, label);
		assert.equal(
			createHash("sha256")
				.update(await readFile(final))
				.digest("hex")
				.toUpperCase(),
			apiSha,
			label,
		);
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 1, label);
		return;
	}
	assert.equal(code, 1, label);
	await assert.rejects(stat(final), { code: "ENOENT" }, `${label}: a final-named file exists`);
	const rows = (await readCsv(join(dir, "f.csv"))).rows;
	assert.equal(rows[0]?.cells.error_kind, want, label);
}

// The whole matrix (every fault at the start, the middle and the last byte) runs in process through the
// gateway: test/download/fault-matrix.test.ts. Through the built CLI, one case of it and a server restart.
describe("faults through the built CLI", () => {
	it("a connection dropped in the middle of the file: resumed, verified, one history row", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "drop", afterBytes: SIZE / 2 }] });
		const dir = await tempDir();
		const config = await writeConfig(dir, { rate_limit_settings: fast });
		const apiSha = (
			(await (await fetch(`${server.baseUrl}/api/v1/model-versions/1000`)).json()) as { files: { hashes: { SHA256: string } }[] }
		).files[0]!.hashes.SHA256;
		const r = await runCli(["get", "version:1000", "--failed-out", "f.csv"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		await outcome(dir, r.code, "verified", apiSha, r.stderr);
		assert.ok(
			server.requests.some((q) => q.origin === "storage" && q.range !== undefined),
			"the second attempt asked for the rest with Range",
		);
	});

	it("the server restarting mid-file: the download resumes once it is back, verified", async () => {
		const catalogue = smallCatalogue();
		const faults: Fault[] = [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 200 * 1024 }];
		let server = await startFakeCivitai({ catalogue, apiKeys: [KEY], faults });
		const ports = { port: Number(new URL(server.baseUrl).port), storagePort: Number(new URL(server.storageOrigin).port) };
		const dir = await tempDir();
		const config = await writeConfig(dir, { rate_limit_settings: { ...fast, retry_delays: [0.5, 0.5, 0.5] } });
		const apiSha = (
			(await (await fetch(`${server.baseUrl}/api/v1/model-versions/1000`)).json()) as { files: { hashes: { SHA256: string } }[] }
		).files[0]!.hashes.SHA256;
		const run = runCli(["get", "version:1000"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		// stop it while the body is flowing, and bring it back on the same ports
		for (let i = 0; i < 50; i++) {
			await sleep(50);
			if ((await readdir(join(dir, "models/checkpoint")).catch(() => [])).length > 0) break;
		}
		await sleep(300);
		await server.close();
		server = await startFakeCivitai({ catalogue, apiKeys: [KEY], ...ports });
		const r = await run;
		await server.close();
		await outcome(dir, r.code, "verified", apiSha, r.stderr);
		assert.match(r.stderr, /retrying in/);
	});
});
