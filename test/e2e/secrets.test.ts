import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, runCli, tempDir, webhookReceiver, writeConfig } from "../helpers.js";

const CANARY_KEY = "CANARYKEY0f1e2d3c4b5a69788796a5b4";
const CANARY_HOOK = "CANARYHOOK-7c6b5a49382716";

/** Every file under `dir`: its path (names are checked too) and, for small files, its text. */
async function everything(dir: string): Promise<{ path: string; text: string }[]> {
	const out: { path: string; text: string }[] = [];
	for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!e.isFile()) continue;
		const path = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
		const small = (await stat(path)).size < 1024 * 1024 && !path.includes(".config/civitai-dl");
		out.push({ path, text: small && e.name !== "config.json" ? await readFile(path, "utf8") : "" });
	}
	return out;
}

describe("secrets", () => {
	it("a canary API key and webhook URL appear in no output, file, NDJSON event or request to another host, whatever the command", async () => {
		const server = await fakeCivitai({ apiKeys: [CANARY_KEY] });
		const hooks = await webhookReceiver(() => 204);
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			api_key: CANARY_KEY,
			notifications: {
				webhooks: [
					{ kind: "discord", url: hooks.url(`/discord/${CANARY_HOOK}`), on: ["finished", "failed", "item_failed"] },
					{ kind: "json", url: hooks.url(`/json/${CANARY_HOOK}`) },
				],
				timeout_seconds: 2,
				retry_delays: [0.1],
			},
		});
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl };
		const runs: string[][] = [
			["get", "version:2000", "version:4000", "version:6000", "--failed-out", "failed.csv"],
			["get", "version:2010", "version:6000", "--json", "--verbose"],
			["get", "https://example.com/nope", "--verbose"],
			["get", "version:3000", "--base-url", "http://127.0.0.1:9", "--verbose", "--retry-delays", "0"],
			["redownload", "all", "--yes", "--force", "--verbose"],
			["redownload", "--from", "failed.csv", "--json"],
			["history"],
			["history", "--json"],
			["verify", "--verbose", "--failed-out", "broken.csv"],
			["verify", "--json"],
			["config", "show"],
			["config", "show", "--json", "--verbose"],
			["config", "path"],
			["notify", "test", "--verbose"],
			["notify", "test", "--json"],
			["get", "version:2000", "--dry-run", "--json"],
			["redownload", "--help"],
		];
		let output = "";
		for (const args of runs) {
			const r = await runCli(args, { cwd: dir, env });
			output += `\n$ ${args.join(" ")}\n${r.stdout}${r.stderr}`;
		}
		// the commands did real work: downloads, failures, webhook deliveries
		assert.match(output, /done lora1\.safetensors/);
		assert.match(output, /\(early_access\)/);
		assert.match(output, /notified discord #1/);
		assert.ok(hooks.received.length >= 4);
		for (const canary of [CANARY_KEY, CANARY_HOOK, CANARY_KEY.slice(0, 16), CANARY_KEY.slice(-12)]) {
			assert.ok(
				!output.includes(canary),
				`${canary} in the output:\n${output.slice(Math.max(0, output.indexOf(canary) - 300), output.indexOf(canary) + 100)}`,
			);
			for (const f of await everything(dir)) {
				assert.ok(!f.path.includes(canary), `${canary} in a file name: ${f.path}`);
				assert.ok(!f.text.includes(canary), `${canary} in ${f.path}`);
			}
			for (const h of hooks.received) assert.ok(!JSON.stringify(h.body).includes(canary), `${canary} sent to a webhook`);
		}
		// the key went to the Civitai origin only, as a header: never to storage, never as token=
		const storage = server.requests.filter((q) => q.origin === "storage");
		assert.ok(storage.length > 0);
		assert.ok(storage.every((q) => !q.authorization && !q.token));
		assert.ok(server.requests.every((q) => !q.token));
		assert.ok(server.requests.filter((q) => q.origin === "api").some((q) => q.authorization));
		// config show redacts the key to its last 4 characters
		assert.match(output, new RegExp(`api_key +\\*\\*\\*\\*${CANARY_KEY.slice(-4)}`));
	});
});
