import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { describe, it } from "node:test";
import type { RunEvent } from "../../src/download/events.js";
import { download } from "../../src/engine.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

// three LoRAs of the test catalogue (one folder), one lane
const LORAS = ["version:8010", "version:8030", "version:8040"];

async function runWith(onFirstDone: (loraDir: string) => void, onStart?: (e: RunEvent & { type: "item_start" }) => void) {
	const server = await fakeCivitai();
	const events: RunEvent[] = [];
	let loraDir = "";
	const run = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, sleepMs: 0 },
		onEvent: (e) => {
			events.push(e);
			if (e.type === "done" && events.filter((x) => x.type === "done").length === 1) onFirstDone(loraDir);
			if (e.type === "item_start") onStart?.(e);
		},
	});
	loraDir = run.settings.downloadPaths.lora;
	const summary = await download(LORAS, run.engine);
	return { summary, events, loraDir };
}

describe("a download folder changed during the run (made once a run)", () => {
	it("removed after the first file: made again, every file lands", async () => {
		const { summary, loraDir } = await runWith((d) => rmSync(d, { recursive: true }));
		assert.equal(summary.succeeded, 3, JSON.stringify(summary.failures));
		assert.equal((await readdir(loraDir)).length, 2, "the two files after the removal");
	});

	// the answer is open when the partial cannot be: its unread body must be dropped without an
	// uncaught 'Request aborted' (the CLI died with a stack trace)
	it("replaced by a file after the first: each file after fails as a disk failure, the run goes on to its end", async () => {
		const { summary } = await runWith((d) => {
			rmSync(d, { recursive: true });
			writeFileSync(d, "");
		});
		assert.equal(summary.succeeded, 1);
		assert.equal(summary.failures.length, 2, JSON.stringify(summary.failures));
		for (const f of summary.failures) assert.equal(f.kind, "disk", f.message);
		assert.match(summary.failures[0]!.message, /is a file, not a folder/);
	});

	it("a folder made at the final path while the file downloads: the rename fails with the folder named, the partial kept", async () => {
		let made = false;
		const { summary, loraDir } = await runWith(
			() => {},
			(e) => {
				if (!made) {
					made = true;
					mkdirSync(e.path);
				}
			},
		);
		assert.equal(summary.succeeded, 2);
		assert.equal(summary.failures.length, 1);
		assert.equal(summary.failures[0]!.kind, "disk");
		assert.match(summary.failures[0]!.message, /a folder has that name/);
		assert.ok(
			(await readdir(loraDir)).some((n) => n.endsWith(".part")),
			"the partial is kept for the next run",
		);
	});
});
