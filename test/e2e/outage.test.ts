import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeCivitai } from "../../fake-civitai/server.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, webhookReceiver, writeConfig } from "../helpers.js";

/** A seed-format history of 20 LoRAs whose files are not there: `redownload all` asks Civitai for each. */
async function twentyRows(dir: string, base: string): Promise<void> {
	const rows = Array.from(
		{ length: 20 },
		(_, i) => `2024-10-24 10:${String(i).padStart(2, "0")}:00,lora,${base}/models/${200 + i},lora-${i}.safetensors`,
	);
	await writeFile(join(dir, "download_history.csv"), `timestamp,model_type,url,filename\n${rows.join("\n")}\n`);
}

async function setup(server: FakeCivitai, extra: Record<string, unknown> = {}) {
	const dir = await tempDir();
	const config = await writeConfig(dir, extra);
	await twentyRows(dir, server.baseUrl);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const failedList = join(dir, "failed.csv");
	const run = () =>
		runCli(["redownload", "all", "--yes", "--retry-delays", "0.01,0.01", "--network-delays", "0.01,0.01", "--failed-out", failedList], {
			cwd: dir,
			env,
			timeoutMs: 30_000,
		});
	return { run, kinds: async () => (await readCsv(failedList)).rows.map((r) => r.cells.error_kind) };
}

describe("Civitai down: the outage breaker", () => {
	it("stopped (connection refused): a 20-item redownload parks after 3 items, exits 3, 20 rows in the failed list", async () => {
		const server = await fakeCivitai();
		const { run, kinds } = await setup(server);
		await server.close();
		const started = Date.now();
		const r = await run();
		assert.equal(r.code, 3, r.stderr);
		assert.ok(Date.now() - started < 20_000, "it failed quickly");
		assert.deepEqual(await kinds(), [...Array(3).fill("network"), ...Array(17).fill("outage")]);
		assert.match(r.stdout, /stopped: Civitai looks down or unreachable/);
		assert.match(r.stdout, /parked: +17/);
	});

	it("answering 503 to everything: the same, and the webhook's parked message names the outage", async () => {
		const server = await fakeCivitai({ outage: 503 });
		const hook = await webhookReceiver(() => 204);
		const { run, kinds } = await setup(server, { notifications: { webhooks: [{ kind: "json", url: hook.url("/hook") }] } });
		const r = await run();
		assert.equal(r.code, 3, r.stderr);
		assert.deepEqual(await kinds(), [...Array(3).fill("rate_limited"), ...Array(17).fill("outage")]);
		// only the first three items asked Civitai: each once plus its two retries
		assert.equal(server.requests.filter((q) => q.origin === "api").length, 9);
		const body = hook.received[0]?.body as { event: string; title: string; summary: { stoppedBy: string } };
		assert.equal(body.event, "parked");
		assert.equal(body.summary.stoppedBy, "outage");
		assert.match(body.title, /Civitai looks down or unreachable; 17 items are parked/);
	});
});
