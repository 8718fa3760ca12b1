import { constants } from "node:fs";
import { copyFile, open, readFile } from "node:fs/promises";
import { cannotSync } from "../platform/fs.js";

/** Small file operations of the history writer. */

/** The header cells of an existing CSV, reading only its start. */
export async function readHeader(path: string): Promise<string[]> {
	const fh = await open(path, constants.O_RDONLY);
	try {
		const buf = Buffer.alloc(4096);
		const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
		const first =
			buf
				.subarray(0, bytesRead)
				.toString("utf8")
				.replace(/^\uFEFF/, "")
				.split(/\r?\n/)[0] ?? "";
		return first.split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
	} finally {
		await fh.close();
	}
}

/** Truncate the file after its last newline. */
export async function cutTornTail(path: string): Promise<void> {
	const text = await readFile(path);
	const keep = text.lastIndexOf(0x0a) + 1;
	const fh = await open(path, "r+");
	try {
		await fh.truncate(keep);
		await fh.datasync().catch((e: unknown) => {
			if (!cannotSync(e)) throw e;
		});
	} finally {
		await fh.close();
	}
}

export async function fileEndsWithNewline(path: string, size: number): Promise<boolean> {
	if (size === 0) return true;
	const fh = await open(path, constants.O_RDONLY);
	try {
		const buf = Buffer.alloc(1);
		await fh.read(buf, 0, 1, size - 1);
		return buf[0] === 0x0a;
	} finally {
		await fh.close();
	}
}

/**
 * Copy the file beside itself before a rewrite: `<path>.bak`, or `<path>.2.bak`, `.3.bak`, ...
 * when that name is taken (an older backup is never overwritten). Returns the backup's path.
 */
export async function backUp(path: string): Promise<string> {
	for (let n = 1; ; n++) {
		const backup = n === 1 ? `${path}.bak` : `${path}.${n}.bak`;
		try {
			await copyFile(path, backup, constants.COPYFILE_EXCL);
			return backup;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== "EEXIST" || n >= 1000) throw e;
		}
	}
}
