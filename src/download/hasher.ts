import { open } from "node:fs/promises";
import type { Sha256 } from "../core/sha256.js";
import { HashingWriter, hashPlaceFor } from "./hashing-writer.js";

export interface FileHashOptions {
	/** Hash only the first `length` bytes (the whole file when absent). */
	length?: number;
	/** The running count of bytes read, after each 1 MiB read. */
	onBytes?: (bytes: number) => void;
	/** Stops reading; the hash then rejects with InterruptedError. */
	signal?: AbortSignal;
	/** Hash on the calling thread even for a large file (no worker and its memory). */
	inline?: boolean;
}

/**
 * SHA-256 of a whole file (or its first `length` bytes): 1 MiB reads into a few reused
 * buffers (nothing allocated per read), hashed on a worker thread for large files so that reading and
 * hashing overlap.
 */
export async function hashFile(path: string, opts: FileHashOptions = {}): Promise<Sha256> {
	const fh = await open(path, "r");
	try {
		const length = opts.length ?? (await fh.stat()).size;
		// nothing is written: the writer's slots and hasher serve for reading
		const hash = opts.inline ? "inline" : hashPlaceFor(length);
		const reader = new HashingWriter(fh, 0, { now: () => 0 }, { hash, expectedBytes: length });
		try {
			await reader.hashExisting(length, opts);
			await reader.finish();
			return await reader.digest();
		} finally {
			reader.close();
		}
	} finally {
		await fh.close();
	}
}
