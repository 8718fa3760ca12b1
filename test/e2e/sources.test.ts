import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";
import { chunk, png } from "../image-files.js";
import { sourcesCatalogue, writeFileIn, writeSourcesHistory } from "../sources/fixtures.js";

/** The sources of issue 28 as a user runs them: the built tool, real processes, a pipe between two. */
async function setup() {
	const server = await fakeCivitai({ catalogue: sourcesCatalogue() });
	const dir = await tempDir();
	await writeConfig(dir, { base_url: server.baseUrl });
	await writeSourcesHistory(dir, server.baseUrl);
	const env = { CIVITAI_API_KEY: KEY, CIVITAI_DL_CONFIG: `${dir}/config.json` };
	return { server, dir, env };
}

describe("sources, with the built tool", () => {
	it("a creator's models, planned", async () => {
		const { dir, env } = await setup();
		const r = await runCli(["get", "user:bob", "--dry-run"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^user:bob: 3 models listed \(1 request\); 3 to download \(12\.0 KiB\)\.$/m);
		assert.match(r.stdout, /download checkpoint .*bob-1-v2\.safetensors/);
	});

	it("`search --json | get -`: what was found is downloaded", async () => {
		const { dir, env } = await setup();
		const found = await runCli(["search", "pixel", "--types", "LORA", "--limit", "2", "--json"], { cwd: dir, env });
		assert.equal(found.code, 0, found.stderr);
		const r = await runCli(["get", "-"], { cwd: dir, env, stdin: found.stdout });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /succeeded: 2/);
	});

	it("a crafted PNG is refused in one sentence, exit 2, no stack, nothing asked", async () => {
		const { server, dir, env } = await setup();
		const file = await writeFileIn(dir, "crafted.png", png([chunk("iTXt", Buffer.from("parameters\0\0\0\0\0x"), { length: 0x7ffffff0 })]));
		const r = await runCli(["get", file], { cwd: dir, env });
		assert.equal(r.code, 2);
		assert.equal(
			r.stderr,
			`civitai-dl: Cannot read the generation data of ${file}: its iTXt chunk claims 2147483632 bytes, more than civitai-dl reads (or than the file holds).\n`,
		);
		assert.equal(server.requests.length, 0);
	});

	it("Japanese: the image table's words", async () => {
		const { server, dir, env } = await setup();
		const r = await runCli(["get", `${server.baseUrl}/images/77`, "--dry-run", "--lang", "ja"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /が使ったモデル:\n {2}名前\s+種類\s+重み\s+状態\n/);
		assert.match(r.stdout, /ライブラリにあるもの1件、ダウンロード2件、不明1件。/);
	});
});
