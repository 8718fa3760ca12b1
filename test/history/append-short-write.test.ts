import assert from "node:assert/strict";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, it, mock } from "node:test";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, readCsv } from "../../src/history/csv-file.js";
import { tempDir } from "../helpers.js";

const row = (vid: number): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-01-01 00:00:00",
	model_type: "lora",
	url: `https://civitai.com/api/download/models/${vid}`,
	filename: `f${vid}.safetensors`,
	version_id: String(vid),
});

afterEach(() => mock.restoreAll());

describe("history append: a short write (the disk filled up mid-line)", () => {
	it("is not taken for a whole append: the next append still mends the torn line", async () => {
		const path = join(await tempDir(), "download_history.csv");
		await appendHistory(path, row(1));
		// FileHandle.write writes what the kernel took in one write(2): on a full disk, part of it
		const probe = await open(path, "r");
		const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }> };
		await probe.close();
		const real = proto.write;
		let short = true;
		mock.method(proto, "write", function (this: unknown, data: unknown, ...rest: unknown[]) {
			if (short) {
				short = false;
				const buf = Buffer.from(data as string | Uint8Array);
				return real.call(this, buf.subarray(0, 20));
			}
			return real.call(this, data, ...rest);
		});
		await appendHistory(path, row(2)).catch(() => {}); // a full disk may say so; the row may be lost
		mock.restoreAll();
		await appendHistory(path, row(3));
		const read = await readCsv(path);
		const ids = read.rows.map((r) => r.cells.version_id);
		assert.ok(ids.includes("1") && ids.includes("3"), `rows: ${ids.join(", ")}\n${await readFile(path, "utf8")}`);
	});

	it("an append the disk refused midway is taken back: no torn line is left for every reader to skip (red team of issue 25)", async () => {
		const path = join(await tempDir(), "download_history.csv");
		await appendHistory(path, row(1));
		const whole = await readFile(path, "utf8");
		const probe = await open(path, "r");
		const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }> };
		await probe.close();
		const real = proto.write;
		let calls = 0;
		mock.method(proto, "write", function (this: unknown, data: unknown) {
			// the first write takes 20 bytes, the next finds the disk full
			if (calls++ === 0) return real.call(this, Buffer.from(data as string | Uint8Array).subarray(0, 20));
			return Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
		});
		await assert.rejects(appendHistory(path, row(2)), { code: "ENOSPC" });
		mock.restoreAll();
		assert.equal(await readFile(path, "utf8"), whole, "the file as it was before the append");
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.deepEqual(
			read.rows.map((r) => r.cells.version_id),
			["1"],
		);
	});
});
