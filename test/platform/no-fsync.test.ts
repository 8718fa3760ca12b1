import assert from "node:assert/strict";
import type { FileHandle } from "node:fs/promises";
import fsp, { readFile, writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { afterEach, describe, it, mock } from "node:test";
import { emptyRow } from "../../src/history/columns.js";
import { appendHistory } from "../../src/history/csv-file.js";
import { syncData } from "../../src/platform/fs.js";
import { tempDir } from "../helpers.js";

/** node:fs/promises' open, each handle's `datasync` answering `code` (a file system that cannot sync), for handles opened with `flags`. */
function syncFails(code: string, flags?: string): void {
	const real = fsp.open;
	mock.method(fsp, "open", async (...a: Parameters<typeof fsp.open>) => {
		const fh: FileHandle = await real(...a);
		if (flags !== undefined && a[1] !== flags) return fh;
		return new Proxy(fh, {
			get(target, key) {
				if (key === "datasync") return () => Promise.reject(Object.assign(new Error(`${code}: fdatasync`), { code, syscall: "fdatasync" }));
				const v = Reflect.get(target, key);
				return typeof v === "function" ? v.bind(target) : v;
			},
		});
	});
	syncBuiltinESMExports();
}

afterEach(() => {
	mock.restoreAll();
	syncBuiltinESMExports();
});

describe("a file system that cannot fsync (some network shares and FUSE mounts)", () => {
	for (const code of ["ENOTSUP", "EINVAL", "ENOSYS"]) {
		it(`the history's append is kept when fdatasync answers ${code}`, async () => {
			const file = join(await tempDir(), "download_history.csv");
			syncFails(code);
			await appendHistory(file, {
				...emptyRow(),
				timestamp: "2026-01-01 00:00:00",
				model_type: "lora",
				url: "u",
				filename: "a.safetensors",
			});
			mock.restoreAll();
			syncBuiltinESMExports();
			assert.match(await readFile(file, "utf8"), /a\.safetensors/);
		});
	}
	it("an EIO from fdatasync is still an error (the bytes may be lost)", async () => {
		const file = join(await tempDir(), "download_history.csv");
		syncFails("EIO");
		await assert.rejects(
			appendHistory(file, { ...emptyRow(), timestamp: "2026-01-01 00:00:00", model_type: "lora", url: "u", filename: "a.safetensors" }),
			{ code: "EIO" },
		);
	});
	it("a finished download complete from an earlier run, read-only: Windows' EPERM for syncing a read handle is not an error", async () => {
		const path = join(await tempDir(), "x.part");
		await writeFile(path, "bytes");
		const real = fsp.open;
		mock.method(fsp, "open", async (p: string, f: string) => {
			if (f === "r+") throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
			const fh: FileHandle = await real(p, f);
			return new Proxy(fh, {
				get(target, key) {
					if (key === "datasync") return () => Promise.reject(Object.assign(new Error("EPERM: fdatasync"), { code: "EPERM" }));
					const v = Reflect.get(target, key);
					return typeof v === "function" ? v.bind(target) : v;
				},
			});
		});
		syncBuiltinESMExports();
		await assert.doesNotReject(syncData(path));
	});
});
