import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { asSha256, type Sha256 } from "../core/sha256.js";
import { DownloadError } from "../errors.js";
import { msg } from "../i18n/msg.js";

/**
 * SHA-256 over numbered slots of memory that the writer fills: each slot is hashed in the order it
 * is handed over, and `hash` resolves once the slot may be filled again.
 */
export interface SlotHasher {
	hash(slot: number, length: number): Promise<void>;
	/** The SHA-256 of everything hashed so far; the hasher is finished after it. */
	digest(): Promise<Sha256>;
	close(): void;
}

/** On the calling thread: for small files, where a worker would cost more than it saves. */
export function inlineSlotHasher(slots: readonly Buffer[]): SlotHasher {
	const h = createHash("sha256");
	return {
		async hash(slot, length) {
			h.update(slots[slot]!.subarray(0, length));
		},
		async digest() {
			return asSha256(h.digest("hex"))!;
		},
		close() {},
	};
}

/** No hashing at all: for writes whose hash is taken later over the whole file (segments). */
export function noSlotHasher(): SlotHasher {
	return {
		async hash() {},
		async digest() {
			throw new Error("this writer does not hash");
		},
		close() {},
	};
}

// The worker sees the same shared memory as the writer: a message carries a slot number and a length,
// never the bytes, and the answer is the slot number once it is hashed. No require or import: the
// code runs as a script or as a module, whichever the host's flags (--input-type) make an eval.
const WORKER = `
const { parentPort, workerData } = process.getBuiltinModule("node:worker_threads");
const { createHash } = process.getBuiltinModule("node:crypto");
const h = createHash("sha256");
const slots = workerData.map((sab) => new Uint8Array(sab));
parentPort.on("message", (m) => {
	if (m === "digest") parentPort.postMessage({ digest: h.digest("hex") });
	else {
		h.update(slots[m[0]].subarray(0, m[1]));
		parentPort.postMessage(m[0]);
	}
});`;

/**
 * SHA-256 on a worker thread reading the writer's shared slots, so hashing overlaps with the network
 * and the disk without copying the bytes or moving buffers between threads.
 */
export function workerSlotHasher(shared: readonly SharedArrayBuffer[]): SlotHasher {
	// a small heap: the worker only hashes memory it is lent
	const worker = new Worker(WORKER, {
		eval: true,
		workerData: shared,
		resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, stackSizeMb: 1 },
	});
	const waiting = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();
	let onDigest: { resolve: (hex: string) => void; reject: (e: unknown) => void } | undefined;
	let failed: unknown;
	// The worker holds the process only while an answer is awaited: a writer that is never closed (a
	// library caller's) lets its process end, and a hash in flight still settles. (A `message` listener
	// refs the worker again: unref comes after it, and after every answer.)
	let awaited = 0;
	const ask = (m: unknown) => {
		if (awaited++ === 0) worker.ref();
		worker.postMessage(m);
	};
	const answered = () => {
		if (awaited > 0 && --awaited === 0) worker.unref();
	};
	worker.on("message", (m: number | { digest: string }) => {
		if (typeof m === "number") {
			waiting.get(m)?.resolve();
			waiting.delete(m);
		} else onDigest?.resolve(m.digest);
		answered();
	});
	const fail = (e: unknown) => {
		failed ??= e;
		for (const w of waiting.values()) w.reject(failed);
		waiting.clear();
		onDigest?.reject(failed);
		awaited = 0;
		worker.unref();
	};
	worker.on("error", (e) => fail(threadStopped((e as { code?: unknown }).code, e)));
	worker.on("exit", (code) => fail(threadStopped(`exit ${code}`)));
	worker.unref();
	return {
		hash(slot, length) {
			if (failed !== undefined) return Promise.reject(failed);
			const done = new Promise<void>((resolve, reject) => waiting.set(slot, { resolve, reject }));
			ask([slot, length]);
			return done;
		},
		async digest() {
			if (failed !== undefined) throw failed;
			const hex = new Promise<string>((resolve, reject) => (onDigest = { resolve, reject }));
			ask("digest");
			const out = await hex;
			void worker.terminate();
			return asSha256(out)!;
		},
		close() {
			void worker.terminate();
		},
	};
}

/**
 * The hashing thread ended (out of its memory, not started, terminated): a local failure, not the
 * network's, and not one that waiting on a retry ladder mends, so its kind is `other`.
 */
function threadStopped(code: unknown, cause?: unknown): DownloadError {
	return new DownloadError("other", msg("errHashThreadStopped", { code: typeof code === "string" ? code : "error" }), { cause });
}
