import assert from "node:assert/strict";
import fsp, { writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { describe, it, mock } from "node:test";
import { syncData } from "../../src/platform/fs.js";
import { tempDir } from "../helpers.js";

describe("syncData", () => {
	it("a file system that cannot sync (fdatasync: EINVAL, as vboxsf or some FUSE mounts answer) is not an error", {
		skip: process.platform === "win32",
	}, async () => {
		// /dev/null takes no sync: its fdatasync answers EINVAL
		await assert.doesNotReject(syncData("/dev/null"));
	});

	it("a missing file still is one (ENOENT: the download's disk error)", async () => {
		await assert.rejects(syncData("/nonexistent-civitai-dl/x.part"), { code: "ENOENT" });
	});

	it("a partial the user may not write (EACCES for r+) is synced through a read-only handle, not refused", async () => {
		const path = join(await tempDir(), "x.part");
		await writeFile(path, "bytes");
		const real = fsp.open;
		const flags: string[] = [];
		mock.method(fsp, "open", (p: string, f: string) => {
			flags.push(f);
			if (f === "r+") return Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
			return real(p, f);
		});
		syncBuiltinESMExports();
		try {
			await assert.doesNotReject(syncData(path));
			assert.deepEqual(flags, ["r+", "r"]);
		} finally {
			mock.restoreAll();
			syncBuiltinESMExports();
		}
	});
});
