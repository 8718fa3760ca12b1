import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

const MEMORY = new URL("../../src/platform/memory.ts", import.meta.url).href;

/**
 * Note `mib` MiB (8 by default) received in a fresh process, 64 KiB at a time; the collections V8
 * reports as asked for ("testing"): young ones (Scavenge) or full ones (Mark-Compact).
 */
function collectionsAskedFor(tune: string, prelude = "", opts: { mib?: number; kind?: "Scavenge" | "Mark-Compact" } = {}): number {
	const script = `
		${prelude}
		const { noteReceived, tuneMemoryForDownloads } = await import(${JSON.stringify(MEMORY)});
		${tune}
		for (let i = 0; i < ${(opts.mib ?? 8) * 16}; i++) noteReceived(64 * 1024);
		if (typeof globalThis.gc !== "undefined") throw new Error("gc leaked into the global scope");
	`;
	const out = execFileSync(process.execPath, ["--trace-gc", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
	return out.split("\n").filter((l) => l.includes(opts.kind ?? "Scavenge") && l.includes("testing")).length;
}

describe("memory tuning for downloads", () => {
	it("collects the young generation every 2 MiB received once the tool asks for it", () => {
		assert.equal(collectionsAskedFor("tuneMemoryForDownloads();"), 4);
	});

	it("a full collection follows when over 16 MiB wait outside the heap, at most once per 64 MiB received", () => {
		// 24 MiB of array buffers held (reads queued behind busy lanes, promoted out of the young generation)
		const held = "globalThis.held = Array.from({ length: 24 }, () => Buffer.allocUnsafeSlow(1 << 20).fill(1));";
		assert.equal(collectionsAskedFor("tuneMemoryForDownloads();", held, { mib: 200, kind: "Mark-Compact" }), 3);
		// what a single download holds: no full collection at all
		assert.equal(collectionsAskedFor("tuneMemoryForDownloads();", "", { mib: 200, kind: "Mark-Compact" }), 0);
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
