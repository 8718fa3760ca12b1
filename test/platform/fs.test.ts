import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { syncData } from "../../src/platform/fs.js";

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
});
