import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import type { RunEvent } from "../../src/core/events.js";
import type { RunSettings } from "../../src/download/run.js";
import { download } from "../../src/engine.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/** What a run says, in process on a virtual clock (issue 27: the words of the second hour). */
async function setup(opts: { faults?: Fault[]; downloadQuota?: number; settings?: Partial<RunSettings> } = {}) {
	const server = await fakeCivitai({
		...(opts.faults ? { faults: opts.faults } : {}),
		...(opts.downloadQuota !== undefined ? { downloadQuota: opts.downloadQuota } : {}),
	});
	const events: RunEvent[] = [];
	const run = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, smallFiles: 3, ...opts.settings },
		onEvent: (e) => events.push(e),
	});
	return { ...run, server, events };
}

describe("a dropped connection in words (point 17)", () => {
	it("says how much had arrived as a size, and why in words, not undici's code", async () => {
		const { engine, events } = await setup({ faults: [{ version: 1000, attempt: 1, kind: "drop", afterBytes: 100_000 }] });
		const summary = await download(["version:1000"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const retry = events.find((e) => e.type === "retry");
		assert.ok(retry?.type === "retry");
		assert.match(retry.reason, /^Connection lost after [\d.]+ KiB: /);
		assert.doesNotMatch(retry.reason, /UND_ERR|\bE[A-Z]{4,}\b/);
	});
});
