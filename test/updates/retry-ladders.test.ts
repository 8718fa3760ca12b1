import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { emptyRow } from "../../src/history/columns.js";
import { checkForUpdates } from "../../src/updates/check.js";
import { tempDir, writeConfig } from "../helpers.js";
import { testRequests } from "../requests-harness.js";
import { VirtualClock } from "../virtual-clock.js";
import { cli, writeUpdateHistory } from "./fixtures.js";

/**
 * A Civitai whose model list answers with the given statuses in turn (a gateway's HTML page for
 * 502/504, nginx's for 503, a 429), then with an empty list; `requests` counts the list requests.
 */
async function flakyCivitai(statuses: number[]): Promise<{ baseUrl: string; requests: () => number }> {
	let requests = 0;
	const server = http.createServer((req, res) => {
		if (!req.url?.startsWith("/api/v1/models?")) {
			res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not here"}');
			return;
		}
		requests++;
		const status = statuses.shift();
		if (status === undefined) {
			res.writeHead(200, { "content-type": "application/json" }).end('{"items":[],"metadata":{}}');
			return;
		}
		res.writeHead(status, { "content-type": "text/html" }).end(`<html><head><title>${status} Bad Gateway</title></head></html>`);
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	after(() => new Promise<void>((resolve) => server.close(() => resolve())));
	const { port } = server.address() as AddressInfo;
	return { baseUrl: `http://127.0.0.1:${port}`, requests: () => requests };
}

function rowsOn(origin: string) {
	return [{ ...emptyRow(), url: `${origin}/api/download/models/11`, model_id: "1", version_id: "11" }];
}

describe("update checks: which retry ladder a failed lookup waits on", () => {
	it("a 502, 504 or 520 waits on network_retry_delays and a 503 on retry_delays, each counted on its own ladder", async () => {
		const civitai = await flakyCivitai([502, 503, 504, 520]);
		const clock = new VirtualClock();
		const { requests, close } = testRequests({
			baseUrl: civitai.baseUrl,
			clock,
			lookupPauseMs: 0,
			retryDelaysMs: [100, 200],
			networkRetryDelaysMs: [7, 8, 9],
		});
		const retries: unknown[] = [];
		try {
			const report = await checkForUpdates(rowsOn(civitai.baseUrl), {
				requests,
				onRetry: (r) => retries.push({ retry: r.retry, max: r.max, ladder: r.ladder, delayMs: r.delayMs }),
			});
			assert.deepEqual(report.failures, []);
			assert.equal(civitai.requests(), 5);
			assert.equal(report.requests, 5);
			assert.deepEqual(clock.sleeps, [7, 100, 8, 9]);
			assert.deepEqual(retries, [
				{ retry: 1, max: 3, ladder: "network", delayMs: 7 },
				{ retry: 1, max: 2, ladder: "seed", delayMs: 100 },
				{ retry: 2, max: 3, ladder: "network", delayMs: 8 },
				{ retry: 3, max: 3, ladder: "network", delayMs: 9 },
			]);
		} finally {
			await close();
		}
	});

	it("a network failure past its own ladder fails the origin, though retry_delays has room left", async () => {
		const civitai = await flakyCivitai([502, 502, 502]);
		const clock = new VirtualClock();
		const { requests, close } = testRequests({
			baseUrl: civitai.baseUrl,
			clock,
			lookupPauseMs: 0,
			retryDelaysMs: [100, 200, 300],
			networkRetryDelaysMs: [7, 8],
		});
		try {
			const report = await checkForUpdates(rowsOn(civitai.baseUrl), { requests });
			assert.equal(civitai.requests(), 3);
			assert.deepEqual(clock.sleeps, [7, 8]);
			assert.equal(report.failures.length, 1);
			assert.equal(report.failures[0]!.error.status, 502);
		} finally {
			await close();
		}
	});

	it("outdated waits rate_limit_settings.network_retry_delays after a gateway error, and says retry n/len(network_retry_delays)", async () => {
		const civitai = await flakyCivitai([502, 502, 502, 502]);
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			base_url: civitai.baseUrl,
			rate_limit_settings: { retry_delays: [0.2, 0.2, 0.2], network_retry_delays: [0.05] },
		});
		await writeUpdateHistory(dir, civitai.baseUrl, 3);
		const clock = new VirtualClock();
		const r = await cli(["outdated", "--config", config], dir, clock);
		assert.equal(r.code, 1);
		assert.equal(civitai.requests(), 2, "one try and one retry: network_retry_delays holds one wait");
		assert.deepEqual(
			clock.sleeps.filter((s) => s === 50 || s === 200),
			[50],
		);
		assert.match(r.stderr, /retry 1\/1/);
		assert.match(r.stderr, /could not ask http:\/\/127\.0\.0\.1:\d+ for new versions/);
	});
});
