import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { link, lstat, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/**
 * A `.part` planted as a symlink (issue 19), or as a hard link to another file (red team of issue 25:
 * the download resumed into it and so wrote the model's bytes into that file): the download must
 * neither write through it nor rename the link into place as the model.
 */
describe("a planted .part link", () => {
	for (const [kind, plant] of [
		["symlink", symlink],
		["hard link", link],
	] as const)
		for (const args of [[], ["--connections", "4"]]) {
			it(`a ${kind} is replaced by a real partial file, the file it links to untouched ${args.join(" ")}`, async () => {
				const server = await fakeCivitai();
				const dir = await tempDir();
				const config = await writeConfig(dir);
				const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
				const victim = join(dir, "victim.txt");
				await writeFile(victim, "do not touch");
				const folder = join(dir, "models/checkpoint");
				await mkdir(folder, { recursive: true });
				const [version, name] = args.length ? [12000, "big.safetensors"] : [1000, "checkpoint1.safetensors"];
				await plant(victim, join(folder, `${name}.part`));
				const r = await runCli(["get", `version:${version}`, "--no-progress", ...args], { cwd: dir, env, timeoutMs: 30_000 });
				assert.equal(r.code, 0, r.stderr);
				assert.equal(await readFile(victim, "utf8"), "do not touch");
				const final = join(folder, name);
				assert.ok((await lstat(final)).isFile(), "the model is a regular file, not the link");
				const sha = createHash("sha256")
					.update(await readFile(final))
					.digest("hex");
				const listed = (await (await fetch(`${server.baseUrl}/api/v1/model-versions/${version}`)).json()) as {
					files: { hashes: { SHA256: string } }[];
				};
				assert.equal(sha.toUpperCase(), listed.files[0]!.hashes.SHA256);
			});
		}
});
