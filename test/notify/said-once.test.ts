import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunSummary } from "../../src/core/summary.js";
import { en } from "../../src/i18n/en.js";
import { outdatedPayload } from "../../src/notify/outdated-payload.js";
import { discordPayload } from "../../src/notify/payloads.js";

const summary: RunSummary = {
	total: 5,
	succeeded: 3,
	skipped: 1,
	failed: 1,
	parked: 0,
	retries: 2,
	successfulRetries: 1,
	successRate: 0.75,
	bytes: 3 * 1024 * 1024,
	elapsedMs: 65_000,
	rateLimited: 0,
	stoppedBy: null,
	failedListPath: "/data/failed-20261127-030000.csv",
	rerun: ["redownload", "--from", "/data/failed-20261127-030000.csv"],
	failures: [{ name: "members.safetensors", kind: "auth", message: "Civitai requires you to log in to download this file." }],
};

const times = (text: string, part: string) => text.split(part).length - 1;

/** Issue 27, point 20: Discord says the title and the counts once, not in both the content and the embed. */
describe("a Discord message says each thing once", () => {
	it("the end of a run: the title once, each count once", () => {
		const said = JSON.stringify(discordPayload({ type: "run", summary }, en, "box"));
		assert.equal(times(said, "the run finished with 1 failure"), 1, said);
		assert.equal(times(said, "Succeeded"), 1, said);
		assert.equal(times(said, "Retries"), 1, said);
	});

	it("an item that failed: its name once in the title, the reason in the embed", () => {
		const said = JSON.stringify(
			discordPayload({ type: "item_failed", name: "members.safetensors", kind: "auth", message: "log in" }, en, "box"),
		);
		assert.equal(times(said, "members.safetensors"), 1, said);
		assert.equal(times(said, "log in"), 1, said);
	});

	it("a test: the title once, no empty embed", () => {
		const p = discordPayload({ type: "test" }, en, "box");
		assert.equal(times(JSON.stringify(p), "test message"), 1);
		assert.deepEqual(p.embeds ?? [], []);
	});

	it("the outdated list: its title once", () => {
		const note = {
			modelId: 1,
			name: "Model 1",
			have: { id: 11, name: "v1", baseModel: "SDXL 1.0" },
			newest: { id: 12, name: "v2", baseModel: "SDXL 1.0", publishedAt: null },
			baseModelChanged: false,
		};
		const said = JSON.stringify(outdatedPayload("discord", [note], en, "box"));
		assert.equal(times(said, "1 model has a new version"), 1, said);
	});
});
