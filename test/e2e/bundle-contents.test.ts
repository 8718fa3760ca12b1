import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT, runCli, tempDir } from "../helpers.js";

/**
 * Text found only in code the command line never runs: undici's fetch, WebSocket, cache stores and
 * mock agents (undici's index loads them all), and zod's messages in languages other than English
 * and Japanese (German's "zu haben"; `z.locales` holds them all). A bundle holding them parses and
 * runs them before `get` sends its first request (scripts/bundle.mjs leaves them out).
 */
const UNUSED = ["WebSocketStream", "SqliteCacheStore", "MockCallHistory", "CacheStorage", "zu haben"];

async function bundleTexts(): Promise<{ files: string[]; texts: string[] }> {
	const dist = join(ROOT, "dist");
	const files = (await readdir(dist)).filter((f) => /^civitai-dl.*\.mjs$/.test(f));
	return { files, texts: await Promise.all(files.map((f) => readFile(join(dist, f), "utf8"))) };
}

describe("the command-line bundle holds only the library code it uses", () => {
	it("no chunk holds undici's fetch, WebSocket, cache or mock code, nor zod's other languages; undici's HTTP client and zod are there", async () => {
		const { files, texts } = await bundleTexts();
		for (const needed of ["llhttp_execute", "ZodError"]) {
			assert.ok(
				texts.some((t) => t.includes(needed)),
				`${needed} is in no chunk: the check itself is broken`,
			);
		}
		for (const marker of UNUSED) {
			const holding = files.filter((_, i) => texts[i]!.includes(marker));
			assert.deepEqual(holding, [], `${marker} is bundled`);
		}
	});

	it("the validator still words its findings in Japanese", async () => {
		const dir = await tempDir();
		const config = join(dir, "config.json");
		await writeFile(config, JSON.stringify({ history_file: 5 }));
		const r = await runCli(["config", "show", "--config", config], { cwd: dir, env: { LANG: "ja_JP.UTF-8" } });
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /無効な入力/);
	});
});
