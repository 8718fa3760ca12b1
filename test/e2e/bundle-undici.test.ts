import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers.js";

/**
 * Text found only in parts of undici the command line never uses (its fetch, WebSocket, cache
 * stores, mock agents): undici's index loads them all, and a bundle holding them parses and runs
 * them before `get` sends its first request (scripts/undici-cli.cjs keeps them out).
 */
const UNUSED = ["WebSocketStream", "SqliteCacheStore", "MockCallHistory", "CacheStorage"];

describe("the command-line bundle holds only the parts of undici it uses", () => {
	it("no chunk holds undici's fetch, WebSocket, cache or mock code; the HTTP client is there", async () => {
		const dist = join(ROOT, "dist");
		const files = (await readdir(dist)).filter((f) => /^civitai-dl.*\.mjs$/.test(f));
		const texts = await Promise.all(files.map((f) => readFile(join(dist, f), "utf8")));
		assert.ok(
			texts.some((t) => t.includes("llhttp_execute")),
			"undici's HTTP parser is in no chunk: the check itself is broken",
		);
		for (const marker of UNUSED) {
			const holding = files.filter((_, i) => texts[i]!.includes(marker));
			assert.deepEqual(holding, [], `${marker} is bundled`);
		}
	});
});
