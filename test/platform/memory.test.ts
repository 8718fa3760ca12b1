import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

const MEMORY = new URL("../../src/platform/memory.ts", import.meta.url).href;

/** Note 8 MiB received in a fresh process; the collections V8 reports as asked for ("testing"). */
function collectionsAskedFor(tune: string, prelude = ""): number {
	const script = `
		${prelude}
		const { noteReceived, tuneMemoryForDownloads } = await import(${JSON.stringify(MEMORY)});
		${tune}
		for (let i = 0; i < 128; i++) noteReceived(64 * 1024);
		if (typeof globalThis.gc !== "undefined") throw new Error("gc leaked into the global scope");
	`;
	const out = execFileSync(process.execPath, ["--trace-gc", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
	return out.split("\n").filter((l) => l.includes("Scavenge") && l.includes("testing")).length;
}

describe("memory tuning for downloads", () => {
	it("collects the young generation every 2 MiB received once the tool asks for it", () => {
		assert.equal(collectionsAskedFor("tuneMemoryForDownloads();"), 4);
	});

	it("changes nothing for a library user, nor on a V8 whose flags it does not know", () => {
		assert.equal(collectionsAskedFor(""), 0);
		assert.equal(collectionsAskedFor('tuneMemoryForDownloads("14.0.0");'), 0);
	});

	it("never fails a download on a runtime that ignores V8 flags (no gc to be had): nothing is collected", () => {
		// as under Deno, whose node:v8 reports a V8 of these versions but sets no flags
		const ignoreFlags = `
			const { createRequire, syncBuiltinESMExports } = await import("node:module");
			createRequire(import.meta.url)("node:v8").setFlagsFromString = () => {};
			syncBuiltinESMExports();
		`;
		assert.equal(collectionsAskedFor("tuneMemoryForDownloads();", ignoreFlags), 0);
	});
});
