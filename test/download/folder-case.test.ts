import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { NameCase } from "../../src/core/path-case.js";
import { HistoryWriter } from "../../src/download/history-writer.js";
import { PathClaims } from "../../src/download/placement.js";
import { FolderCases, probeNameCase } from "../../src/platform/folder-case.js";
import { tempDir } from "../helpers.js";

/** A run's answers where every folder says `nameCase` (as an exFAT, NTFS or APFS folder would), counting the probes. */
function cases(nameCase: NameCase): FolderCases & { probes: string[] } {
	const probes: string[] = [];
	const c = new FolderCases(async (dir) => {
		probes.push(dir);
		return nameCase;
	});
	return Object.assign(c, { probes });
}

const HEADER = "timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\n";

describe("paths compared the way the folder's file system does", () => {
	it("on a case-insensitive folder, Detail and detail are one path: claimed by the first, refused to the second", async () => {
		const c = cases("insensitive");
		await c.of("/lib/lora");
		const claims = new PathClaims(c);
		claims.claim("/lib/lora/Detail.safetensors", "18010:180100");
		assert.equal(claims.ownerOf("/lib/lora/detail.safetensors"), "18010:180100");
		assert.throws(() => claims.claim("/lib/lora/detail.safetensors", "18020:180200"));
	});

	it("on a case-sensitive folder they are two", async () => {
		const c = cases("sensitive");
		await c.of("/lib/lora");
		const claims = new PathClaims(c);
		claims.claim("/lib/lora/Detail.safetensors", "18010:180100");
		assert.equal(claims.ownerOf("/lib/lora/detail.safetensors"), undefined);
		claims.claim("/lib/lora/detail.safetensors", "18020:180200");
	});

	it("the history's index answers for a path in any case on a case-insensitive folder, each folder probed once", async () => {
		const dir = await tempDir();
		const history = join(dir, "h.csv");
		await writeFile(
			history,
			`${HEADER}2026-01-01 00:00:00,lora,u,Detail.safetensors,1801,18010,180100,30720,,${join(dir, "Lora", "Detail.safetensors")}\n` +
				`2026-01-01 00:00:00,lora,u,x.safetensors,1,10,100,1,,${join(dir, "Lora", "x.safetensors")}\n`,
		);
		const c = cases("insensitive");
		const h = new HistoryWriter(history, { cases: c, downloadPaths: {} as never });
		assert.equal((await h.ownerOf(join(dir, "lora", "DETAIL.safetensors")))?.versionId, "18010");
		assert.equal(await h.hasPath(join(dir, "LORA", "x.SAFETENSORS")), true);
		const sensitive = new HistoryWriter(history, { cases: cases("sensitive"), downloadPaths: {} as never });
		assert.equal(await sensitive.ownerOf(join(dir, "Lora", "detail.safetensors")), undefined);
		assert.deepEqual(c.probes, [join(dir, "Lora"), join(dir, "lora"), join(dir, "LORA")], "once per folder (as spelled)");
	});

	it("this file system (the tests' temp folder on Linux) is probed as it is, not guessed from the OS", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "Model.safetensors"), "x");
		const probed = await probeNameCase(dir);
		const other = await import("node:fs/promises").then((f) =>
			f.stat(join(dir, "model.safetensors")).then(
				() => "insensitive",
				() => "sensitive",
			),
		);
		assert.equal(probed, other);
	});
});
