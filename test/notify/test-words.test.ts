import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, runCli, tempDir, writeConfig } from "../helpers.js";

/** Issue 27, point 20: a failed `notify test` talks about the test, not about a run that never was. */
describe("notify test that cannot deliver", () => {
	it("says the test message was not delivered, and nothing of a run's result", async () => {
		await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			notifications: { webhooks: [{ kind: "json", url: "http://127.0.0.1:9/hook" }], retry_delays: [] },
		});
		const r = await runCli(["notify", "test"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config } });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /test message/);
		assert.doesNotMatch(r.stderr, /run's result/);
	});
});
