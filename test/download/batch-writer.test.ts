import assert from "node:assert/strict";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { BatchWriter } from "../../src/download/batch-writer.js";
import { tempDir } from "../helpers.js";

describe("BatchWriter", () => {
	it("holds small chunks until the batch fills or the clock says they waited long enough", async () => {
		const path = join(await tempDir(), "out.bin");
		const fh = await open(path, "w");
		let now = 1_000;
		const writer = new BatchWriter(fh, 0, { now: () => now }, 1024, 200);
		await writer.write(Buffer.alloc(10, 1));
		now += 100;
		await writer.write(Buffer.alloc(10, 2));
		assert.equal((await readFile(path)).length, 0, "still queued after 100 ms");
		now += 100;
		await writer.write(Buffer.alloc(10, 3));
		// the batch is on its way to the disk (not awaited by write): give it a moment
		for (let i = 0; i < 100 && (await readFile(path)).length < 30; i++) await sleep(10);
		assert.equal((await readFile(path)).length, 30, "written once the oldest byte waited 200 ms");
		await writer.write(Buffer.alloc(2000, 4));
		await writer.finish();
		await fh.close();
		assert.equal((await readFile(path)).length, 2030);
	});
});
