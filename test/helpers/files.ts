import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";

/** A file's SHA-256 as Civitai writes it (upper-case hex), read whole: test files are small. */
export async function fileSha256(path: string): Promise<string> {
	return createHash("sha256")
		.update(await readFile(path))
		.digest("hex")
		.toUpperCase();
}

/** Damage a file in place: the byte at `at` inverted (its size and name stay, its SHA-256 does not). */
export async function flipByte(path: string, at: number): Promise<void> {
	const fh = await open(path, "r+");
	const b = Buffer.alloc(1);
	await fh.read(b, 0, 1, at);
	b[0] = b[0]! ^ 0xff;
	await fh.write(b, 0, 1, at);
	await fh.close();
}
