import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BROKEN, brokenCheckpoints, HEALTHY } from "../cli/broken-checkpoints.js";
import { runCli } from "../helpers.js";

describe("schedule with three broken checkpoints and five healthy LoRAs (issue 25, finding 4; the built CLI)", () => {
	it('schedule "* * * * * *" --max-runs 4 -- redownload all --yes: the LoRAs are downloaded and the command keeps running', async () => {
		const { dir, config, downloadsOf, lorasOnDisk } = await brokenCheckpoints();
		const command = ["redownload", "all", "--yes", "--no-progress", "--retry-delays", "0.01,0.01", "--network-delays", "0.01,0.01"];
		const r = await runCli(["schedule", "* * * * * *", "--max-runs", "4", "--", ...command], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config },
			timeoutMs: 90_000,
		});
		assert.equal(r.code, 0, r.stderr);
		const out = r.stdout;
		assert.equal(await lorasOnDisk(), 5, out);
		assert.equal(downloadsOf(HEALTHY), 5, "each LoRA downloaded once");
		// the command itself ran again after the first park, not only the parked list
		assert.ok((out.match(/starting: civitai-dl redownload all --yes/g) ?? []).length >= 3, out);
		assert.match(out, /Schedule stopped after 4 runs\./);
		// each run asks each broken version once plus its two retries, never more
		const runs = (out.match(/starting: /g) ?? []).length;
		assert.ok(downloadsOf(BROKEN) <= runs * BROKEN.length * 3, `${downloadsOf(BROKEN)} requests in ${runs} runs`);
	});
});
