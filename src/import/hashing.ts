import { cachedHash, etaMs } from "../core/import-plan.js";
import { hashFile } from "../download/hasher.js";
import { InterruptedError } from "../errors.js";
import type { Clock } from "../platform/clock.js";
import type { HashedFile, ImportEvent } from "./events.js";
import type { HashCache } from "./hash-cache.js";
import type { FoundFile } from "./walk.js";

/** How often (on the clock) a progress event may go out while a file is hashed. */
const PROGRESS_EVERY_MS = 250;
/** Save the cache at least this often while hashing, so that an interrupted import keeps its work. */
const SAVE_EVERY_MS = 30_000;

export interface HashDeps {
	cache: HashCache;
	clock: Clock;
	emit: (e: ImportEvent) => void;
	signal?: AbortSignal | undefined;
}

/**
 * SHA-256 of each file: from the cache when its size and mtime are unchanged, else streamed from
 * disk (the one hasher, download/hasher.ts) with progress and an ETA over the bytes still to hash.
 * The cache learns every new hash and is saved at the end (and now and then on the way).
 */
export async function hashAll(files: readonly FoundFile[], deps: HashDeps): Promise<{ hashed: HashedFile[]; fresh: number }> {
	const { cache, clock, emit } = deps;
	const known = files.map((f) => cachedHash(cache.get(f.path), f));
	const toHash = files.filter((_, i) => known[i] === undefined);
	const totalBytes = toHash.reduce((n, f) => n + f.size, 0);
	emit({ type: "hash_start", files: files.length, cached: files.length - toHash.length, bytesToHash: totalBytes });
	const started = clock.now();
	let lastSave = started;
	let done = 0;
	let index = 0;
	const hashed: HashedFile[] = [];
	try {
		for (const [i, f] of files.entries()) {
			if (deps.signal?.aborted) throw new InterruptedError();
			let sha256 = known[i];
			const cached = sha256 !== undefined;
			if (sha256 === undefined) {
				index++;
				sha256 = await hashOne(f, { index, total: toHash.length, doneBefore: done, totalBytes, started }, deps);
				done += f.size;
				cache.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, sha256 });
				if (clock.now() - lastSave >= SAVE_EVERY_MS) {
					lastSave = clock.now();
					await cache.save();
				}
			}
			const h = { path: f.path, sizeBytes: f.size, sha256 };
			hashed.push(h);
			emit({ type: "hashed", cached, ...h });
		}
	} finally {
		if (toHash.length > 0) await cache.save().catch(() => {});
	}
	return { hashed, fresh: toHash.length };
}

async function hashOne(
	f: FoundFile,
	at: { index: number; total: number; doneBefore: number; totalBytes: number; started: number },
	deps: HashDeps,
): Promise<string> {
	const { clock, emit } = deps;
	let lastEmit = Number.NEGATIVE_INFINITY;
	const progress = (bytes: number) => {
		const now = clock.now();
		if (now - lastEmit < PROGRESS_EVERY_MS && bytes < f.size) return;
		lastEmit = now;
		const overall = at.doneBefore + bytes;
		emit({
			type: "hash_progress",
			index: at.index,
			total: at.total,
			path: f.path,
			bytes: overall,
			totalBytes: at.totalBytes,
			etaMs: etaMs(overall, at.totalBytes, now - at.started) ?? null,
		});
	};
	progress(0);
	return hashFile(f.path, { onBytes: progress, ...(deps.signal ? { signal: deps.signal } : {}) });
}
