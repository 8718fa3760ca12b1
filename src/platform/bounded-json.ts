import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { nestedDeeperThan } from "../core/json-bounds.js";

/**
 * JSON from files civitai-dl did not write itself (a `.civitai.info` already next to a model, a
 * segment plan in a download folder anyone may write to), read with the bounds the network's JSON
 * has: a size, a nesting depth, and never through a link or from anything but a regular file.
 */

export interface JsonFileBounds {
	/** Larger files are not read at all. */
	maxBytes: number;
	/** Deeper nesting is refused before parsing (it costs memory out of all proportion to its bytes). */
	maxDepth: number;
}

// O_NONBLOCK: a FIFO planted under the name opens at once (and is then refused), instead of waiting for a writer
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The JSON value in `path`, or undefined when there is none we would read: no file, a symlink, not
 * a regular file, over `maxBytes` (no more than that is ever read), nested deeper than `maxDepth`,
 * or not JSON.
 */
export async function readJsonFile(path: string, bounds: JsonFileBounds): Promise<unknown> {
	let fh: Awaited<ReturnType<typeof open>>;
	try {
		fh = await open(path, FLAGS);
	} catch {
		return undefined; // missing, a link (ELOOP), unreadable
	}
	try {
		const s = await fh.stat();
		if (!s.isFile() || s.size > bounds.maxBytes) return undefined;
		// the file may grow after the stat: read one byte more than allowed to see it did
		const buf = Buffer.alloc(Math.min(s.size, bounds.maxBytes) + 1);
		let n = 0;
		for (let r = 1; r > 0 && n < buf.length; n += r) r = (await fh.read(buf, n, buf.length - n, n)).bytesRead;
		if (n > bounds.maxBytes) return undefined;
		const text = buf.subarray(0, n).toString("utf8");
		if (nestedDeeperThan(text, bounds.maxDepth)) return undefined;
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	} finally {
		await fh.close().catch(() => {});
	}
}
