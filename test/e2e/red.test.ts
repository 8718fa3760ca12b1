import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

describe("civitai.red from the command line", async () => {
	const catalogue = smallCatalogue();
	catalogue.models.push({
		id: 7700,
		name: "Mature Lora",
		type: "LORA",
		mature: true,
		versions: [{ id: 7701, name: "v1", files: [{ id: 77010, name: "mature.safetensors", sizeBytes: 8 * 1024, primary: true }] }],
	});
	const server = await fakeCivitai({ catalogue, redOrigin: true });
	after(() => server.close());

	it("get model:ID: 404 on --base-url, downloaded through --red-base-url; redownload all then goes straight to red", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = {
			CIVITAI_DL_CONFIG: config,
			CIVITAI_BASE_URL: server.baseUrl,
			CIVITAI_RED_BASE_URL: server.redBaseUrl!,
			CIVITAI_API_KEY: KEY,
		};
		const r = await runCli(["get", "model:7700", "--no-progress"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		const history = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(history.at(-1)!.cells.url, `${server.redBaseUrl}/api/download/models/7701?fileId=77010`);
		assert.ok(!`${r.stdout}${r.stderr}`.includes(KEY), "the key was printed");

		const before = server.requests.length;
		const again = await runCli(["redownload", "all", "--yes", "--force", "--no-progress"], { cwd: dir, env });
		assert.equal(again.code, 0, again.stderr);
		const later = server.requests.slice(before);
		assert.deepEqual(
			later.filter((q) => q.origin === "api"),
			[],
		);
		assert.ok(later.some((q) => q.origin === "red" && q.path === "/api/download/models/7701" && q.authorization));
		assert.ok(later.filter((q) => q.origin === "storage").every((q) => !q.authorization && !q.token));
	});
});
