import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/** A file's SHA-256 as Civitai writes it (upper-case hex), read whole: test files are small. */
export async function fileSha256(path: string): Promise<string> {
	return createHash("sha256")
		.update(await readFile(path))
		.digest("hex")
		.toUpperCase();
}
