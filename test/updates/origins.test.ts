import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { checkForUpdates } from "../../src/updates/check.js";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { testRequests } from "../requests-harness.js";
import { VirtualClock } from "../virtual-clock.js";
import { cli, expectedOutdated, updateCatalogue, writeUpdateHistory } from "./fixtures.js";

describe("update checks on two origins", () => {
	it("asks each origin only about the models its history rows name: at most 3 requests per origin for 250 models each", async () => {
		// the same catalogue on both: which origin answered is told by the request logs
		const base = await fakeCivitai({ catalogue: updateCatalogue(250) });
		const red = await fakeCivitai({ catalogue: updateCatalogue(250) });
		const rows: HistoryRow[] = [];
		for (let i = 1; i <= 250; i++) {
			for (const origin of [base.baseUrl, red.baseUrl]) {
				rows.push({
					...emptyRow(),
					url: `${origin}/api/download/models/${i * 10 + 1}`,
					model_id: String(i),
					version_id: String(i * 10 + 1),
				});
			}
		}
		const clock = new VirtualClock();
		const { requests, close } = testRequests({ baseUrl: base.baseUrl, redBaseUrl: red.baseUrl, clock, retryDelaysMs: [100] });
		try {
			const report = await checkForUpdates(rows, { requests });
			const lists = (s: typeof base) => s.requests.filter((q) => q.path === "/api/v1/models");
			assert.equal(lists(base).length, 3);
			assert.equal(lists(red).length, 3);
			assert.equal(report.requests, 6);
			// every model but the one-version kind (i % 5 == 0): these rows hold v1 only
			const want = Array.from({ length: 250 }, (_, k) => k + 1).filter((i) => i % 5 !== 0);
			for (const origin of [base.baseUrl, red.baseUrl]) {
				assert.deepEqual(
					report.outdated
						.filter((o) => o.origin === origin)
						.map((o) => o.modelId)
						.sort((a, b) => a - b),
					want,
				);
			}
			assert.deepEqual(report.failures, []);
		} finally {
			await close();
		}
	});
});

describe("outdated with the civitai.red origin configured", () => {
	it("asks red about the models whose rows name red (a model only red serves), and the base origin about the rest", async () => {
		const catalogue = updateCatalogue(10);
		catalogue.models[0]!.mature = true; // model 1: only red serves it
		const server = await fakeCivitai({ catalogue, redOrigin: true });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl, red_base_url: server.redBaseUrl });
		await writeUpdateHistory(dir, server.baseUrl, 10);
		// model 1's rows name red, as a download from red records them
		const history = join(dir, "download_history.csv");
		await writeFile(
			history,
			(await readFile(history, "utf8")).replaceAll(
				`${server.baseUrl}/api/download/models/11`,
				`${server.redBaseUrl}/api/download/models/11`,
			),
		);
		const r = await cli(["outdated", "--json", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		const lists = server.requests.filter((q) => q.path === "/api/v1/models");
		assert.deepEqual(
			lists.map((q) => [q.origin, q.query.ids]),
			[
				["api", "2,3,4,5,6,7,8,9,10"],
				["red", "1"],
			],
		);
		const models = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; modelId?: number; origin?: string })
			.filter((e) => e.type === "outdated_model");
		assert.deepEqual(
			models.filter((e) => e.modelId === 1).map((e) => e.origin),
			[server.redBaseUrl],
		);
		assert.deepEqual(
			models.map((e) => e.modelId).sort((a, b) => a! - b!),
			expectedOutdated(10).all,
		);
	});
});
