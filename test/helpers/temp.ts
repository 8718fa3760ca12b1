import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

/** A fresh temp folder, removed when the test file ends. */
export async function tempDir(): Promise<string> {
	const d = await mkdtemp(join(tmpdir(), "civitai-dl-test-"));
	after(() => rm(d, { recursive: true, force: true }));
	return d;
}
