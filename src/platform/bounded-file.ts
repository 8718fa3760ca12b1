import { constants } from "node:fs";
import { open } from "node:fs/promises";

/**
 * A file civitai-dl did not write and was not told to trust whole (a list someone gave you, a failed
 * list found beside the history), read with bounds: at most `maxBytes` (a link to /dev/zero, or a list
 * of gigabytes, used to be read until memory ran out), and with `ownOnly` never through a link nor
 * from anything but a regular file (a FIFO used to block the run for ever).
 */
export interface FileBounds {
	maxBytes: number;
	/** Refuse a symlink at the name and anything but a regular file (a FIFO opens at once, then is refused). */
	ownOnly?: boolean;
}

/** Why a bounded read refused the file. */
export class BoundedReadError extends Error {
	constructor(
		readonly refusal: "too_big" | "not_regular",
		readonly path: string,
	) {
		super(`${path}: ${refusal}`);
	}
}

const OWN_ONLY = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The bytes of `path`, no more than `bounds.maxBytes`; system errors (ENOENT, EISDIR, ELOOP, ...) are thrown as they are. */
export async function readBoundedFile(path: string, bounds: FileBounds): Promise<Buffer> {
	const fh = await open(path, constants.O_RDONLY | (bounds.ownOnly ? OWN_ONLY : 0));
	try {
		if (bounds.ownOnly && !(await fh.stat()).isFile()) throw new BoundedReadError("not_regular", path);
		const parts: Buffer[] = [];
		let total = 0;
		for (;;) {
			const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, bounds.maxBytes + 1 - total));
			const { bytesRead } = await fh.read(buf, 0, buf.length, null);
			if (bytesRead === 0) break;
			parts.push(buf.subarray(0, bytesRead));
			total += bytesRead;
			if (total > bounds.maxBytes) throw new BoundedReadError("too_big", path);
		}
		return Buffer.concat(parts, total);
	} finally {
		await fh.close().catch(() => {});
	}
}
