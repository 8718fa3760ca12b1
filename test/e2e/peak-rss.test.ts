import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { fakeCivitai, runCli, tempDir, writeConfig } from "../helpers.js";

/**
 * Peak RSS of the built CLI on small cases through the local fake Civitai (issue 31, item 3), so that a
 * regression in memory fails here and not only in a bench run. The peak is the process's own
 * `getrusage` high-water mark (every thread, the hash worker's included), written at exit by a module
 * loaded with `--import`: no external tool, the same on Linux and macOS. RSS does not depend on the
 * machine's load, so a shared machine does not make this flaky the way a time limit would.
 *
 * The limits are what holds today with a margin of about 10 MB, not issue 31's target (64 MB for a
 * 1 GiB file; bench/NOTES.md, "Memory", says where the rest goes). Measured on the 2-core machine of
 * issue 31, busy or not: 64 MiB through one connection 83-86 MB; with --connections 4 73-92 MB (a
 * transient pile of socket buffers in its first second, live, not garbage: a forced full collection
 * does not free it); 24 files of 1 MiB four at a time 75-79 MB. Node itself (`node -e 0`) is 40 MB.
 */
const MiB = 1024 * 1024;
const LIMIT_MB = { oneStream: 95, fourConnections: 105, smallFiles: 90 };

const big: FakeModel = {
	id: 9301,
	name: "Peak RSS 64 MiB",
	type: "Checkpoint",
	versions: [{ id: 93010, name: "v1", files: [{ id: 930100, name: "rss-64mib.safetensors", sizeBytes: 64 * MiB, primary: true }] }],
};
const small: FakeModel[] = Array.from({ length: 24 }, (_, i) => ({
	id: 9400 + i,
	name: `Peak RSS small ${i}`,
	type: "LORA",
	versions: [
		{
			id: (9400 + i) * 10,
			name: "v1",
			files: [{ id: (9400 + i) * 100, name: `rss-small-${i}.safetensors`, sizeBytes: MiB, primary: true }],
		},
	],
}));

/** Run the CLI with the probe; returns its peak RSS in MB (and fails the test if the run failed). */
async function peakRssMb(args: string[], t: { diagnostic: (m: string) => void }): Promise<number> {
	const server = await fakeCivitai({ catalogue: { models: [big, ...small] }, anonymousDownloads: true });
	const dir = await tempDir();
	const probe = join(dir, "peak-rss.mjs");
	const out = join(dir, "peak-rss.txt");
	await writeFile(
		probe,
		`import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
	);
	const config = await writeConfig(dir, { sidecars: { info: false, preview: false, webui_json: false } });
	const r = await runCli([...args, "--config", config, "--base-url", server.baseUrl, "--no-progress"], {
		cwd: dir,
		nodeArgs: ["--import", pathToFileURL(probe).href],
		timeoutMs: 120_000,
	});
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout + r.stderr, /\b0 failed|failed: +0\b/);
	// maxRSS is in kilobytes (KiB) on every platform Node runs on
	const mb = Number(await readFile(out, "utf8")) / 1024;
	t.diagnostic(`peak RSS ${mb.toFixed(1)} MB`);
	return mb;
}

describe("peak RSS of the built CLI (issue 31)", () => {
	it(`one 64 MiB file, one connection, verified on the hash worker: at most ${LIMIT_MB.oneStream} MB`, async (t) => {
		const mb = await peakRssMb(["get", `version:${big.versions[0]!.id}`], t);
		assert.ok(mb <= LIMIT_MB.oneStream, `peak RSS ${mb.toFixed(1)} MB > ${LIMIT_MB.oneStream} MB`);
	});
	it(`the same with --connections 4: at most ${LIMIT_MB.fourConnections} MB`, async (t) => {
		const mb = await peakRssMb(["get", `version:${big.versions[0]!.id}`, "--connections", "4"], t);
		assert.ok(mb <= LIMIT_MB.fourConnections, `peak RSS ${mb.toFixed(1)} MB > ${LIMIT_MB.fourConnections} MB`);
	});
	it(`24 files of 1 MiB, four at a time: at most ${LIMIT_MB.smallFiles} MB`, async (t) => {
		const mb = await peakRssMb(["get", ...small.map((m) => `version:${m.versions[0]!.id}`), "--concurrency", "4"], t);
		assert.ok(mb <= LIMIT_MB.smallFiles, `peak RSS ${mb.toFixed(1)} MB > ${LIMIT_MB.smallFiles} MB`);
	});
});
