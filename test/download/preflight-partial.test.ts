import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ResolvedItem } from "../../src/civitai/resolve.js";
import { type Placed, preflight } from "../../src/download/placement.js";
import { tempDir } from "../helpers.js";

const KiB = 1024;

function placed(dir: string, sizeBytes: number | undefined): Placed {
	const resolved = { versionId: 1, fileId: 1, fileName: "a.safetensors", sizeBytes, category: "lora" } as ResolvedItem;
	return { resolved, category: "lora", dir, name: "a.safetensors", path: join(dir, "a.safetensors") };
}

describe("preflight: the free space against what is still to come (the partial's size asked only when needed)", () => {
	it("a partial already on disk makes a file fit that would not fit whole", async () => {
		const dir = await tempDir();
		const part = join(dir, "a.safetensors.part");
		await writeFile(part, Buffer.alloc(64 * KiB, 1));
		await preflight(placed(dir, 100 * KiB), part, 100 * KiB, "en", { free: 50 * KiB, folderAtPath: false });
	});

	it("without one, or with too small a one, it is refused naming what is still needed", async () => {
		const dir = await tempDir();
		const part = join(dir, "a.safetensors.part");
		await assert.rejects(
			preflight(placed(dir, 100 * KiB), part, 100 * KiB, "en", { free: 50 * KiB, folderAtPath: false }),
			(e: Error & { kind?: string }) => {
				assert.equal(e.kind, "disk");
				return true;
			},
		);
		await writeFile(part, Buffer.alloc(16 * KiB, 1));
		await assert.rejects(preflight(placed(dir, 100 * KiB), part, 100 * KiB, "en", { free: 50 * KiB, folderAtPath: false }), /84/);
	});

	it("a whole file that fits, an unknown size or unknown free space: no refusal; a folder at the path: refused whatever the sizes", async () => {
		const dir = await tempDir();
		const part = join(dir, "a.safetensors.part");
		await preflight(placed(dir, 100 * KiB), part, 100 * KiB, "en", { free: 100 * KiB, folderAtPath: false });
		await preflight(placed(dir, undefined), part, undefined, "en", { free: 0, folderAtPath: false });
		await preflight(placed(dir, 100 * KiB), part, 100 * KiB, "en", { free: undefined, folderAtPath: false });
		await assert.rejects(
			preflight(placed(dir, undefined), part, undefined, "en", { free: undefined, folderAtPath: true }),
			/a folder has that name/,
		);
	});
});
