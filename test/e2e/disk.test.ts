import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

describe("disk space", () => {
	it("a file larger than the free space is refused before any byte is asked for, naming both sizes; --force does not override; the run goes on", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:13000", "version:2000", "--force", "--failed-out", "f.csv"], { cwd: dir, env });
		assert.equal(r.code, 1, r.stderr);
		assert.match(
			r.stderr,
			/\[1\] FAILED huge\.safetensors \(disk\): Not enough free space for huge\.safetensors in .*models\/lora: it needs 1,024 TiB, and [\d.,]+ [KMGT]?i?B is free\./,
		);
		assert.match(r.stdout, /\[2\] done lora1\.safetensors/);
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download/models/13000")).length, 0, "no download was started");
		const sidecar = /\.(civitai\.info|json)$/;
		assert.deepEqual(
			(await readdir(join(dir, "models/lora"))).filter((n) => !sidecar.test(n)).sort(),
			["lora1.safetensors"],
			"no partial file was made",
		);
		assert.equal((await readCsv(join(dir, "f.csv"))).rows[0]!.cells.error_kind, "disk");
	});
});
