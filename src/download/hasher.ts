import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import { InterruptedError } from "../errors.js";

/** SHA-256 fed chunk by chunk; `digest` is lowercase hex. */
export interface StreamHasher {
	update(chunk: Buffer): Promise<void>;
	digest(): Promise<string>;
	close(): void;
}

/** On the calling thread: for small files, where a worker would cost more than it saves. */
export function inlineHasher(): StreamHasher {
	const h = createHash("sha256");
	return {
		async update(chunk) {
			h.update(chunk);
		},
		async digest() {
			return h.digest("hex");
		},
		close() {},
	};
}

const WORKER = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const h = createHash("sha256");
parentPort.on("message", (m) => {
	if (m === "digest") parentPort.postMessage({ digest: h.digest("hex") });
	else {
		h.update(m);
		// the buffer goes back to be filled again: no allocation per batch
		parentPort.postMessage({ done: m.length, buffer: m.buffer }, [m.buffer]);
	}
});`;

/**
 * SHA-256 on a worker thread, so hashing overlaps with the network and the disk instead of taking
 * turns with them on the main thread. Chunks go over in 1 MiB batches; at most 8 MiB wait for the
 * worker at a time (memory stays flat however large the file).
 */
export function workerHasher(opts: { batchBytes?: number; maxQueuedBytes?: number } = {}): StreamHasher {
	const batchBytes = opts.batchBytes ?? 1024 * 1024;
	const maxQueued = opts.maxQueuedBytes ?? 8 * 1024 * 1024;
	// a small heap: the worker only hashes buffers it is handed
	const worker = new Worker(WORKER, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
	worker.unref();
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let queued = 0;
	let wake: (() => void) | undefined;
	let failed: Error | undefined;
	let onDigest: ((hex: string) => void) | undefined;
	const free: ArrayBuffer[] = [];
	worker.on("message", (m: { done?: number; buffer?: ArrayBuffer; digest?: string }) => {
		if (m.done !== undefined) {
			queued -= m.done;
			if (m.buffer && free.length < 16) free.push(m.buffer);
			wake?.();
		} else if (m.digest !== undefined) onDigest?.(m.digest);
	});
	worker.on("error", (e) => {
		failed = e;
		wake?.();
	});
	const send = () => {
		if (pendingBytes === 0) return;
		// a buffer of its own (never a slice of Node's shared pool): its memory moves to the worker and back
		const reuse = free.length > 0 && free[free.length - 1]!.byteLength >= pendingBytes;
		const ab = reuse ? free.pop()! : new ArrayBuffer(Math.max(2 * batchBytes, pendingBytes));
		const buf = Buffer.from(ab, 0, pendingBytes);
		let at = 0;
		for (const p of pending) at += p.copy(buf, at);
		worker.postMessage(new Uint8Array(ab, 0, pendingBytes), [ab]);
		queued += pendingBytes;
		pending = [];
		pendingBytes = 0;
	};
	return {
		async update(chunk) {
			if (failed) throw failed;
			pending.push(chunk);
			pendingBytes += chunk.length;
			if (pendingBytes < batchBytes) return;
			send();
			while (queued > maxQueued && !failed) await new Promise<void>((r) => (wake = r));
			if (failed) throw failed;
		},
		async digest() {
			send();
			const hex = new Promise<string>((r) => (onDigest = r));
			worker.postMessage("digest");
			const out = await hex;
			void worker.terminate();
			return out;
		},
		close() {
			void worker.terminate();
		},
	};
}

export interface FileHashOptions {
	/** Hash only the first `length` bytes (the whole file when absent). */
	length?: number;
	/** The running count of bytes read, after each 1 MiB read. */
	onBytes?: (bytes: number) => void;
	/** Stops reading; the hash then rejects with InterruptedError. */
	signal?: AbortSignal;
}

/** Feed a file (or its first `length` bytes) to `hasher`, streaming in 1 MiB reads. */
export async function feedFile(path: string, hasher: Pick<StreamHasher, "update">, opts: FileHashOptions = {}): Promise<void> {
	if (opts.length !== undefined && opts.length <= 0) return;
	const range = opts.length === undefined ? {} : { start: 0, end: opts.length - 1 };
	const stream = createReadStream(path, { ...range, highWaterMark: 1024 * 1024, ...(opts.signal ? { signal: opts.signal } : {}) });
	let read = 0;
	try {
		for await (const chunk of stream) {
			await hasher.update(chunk as Buffer);
			read += (chunk as Buffer).length;
			opts.onBytes?.(read);
		}
	} catch (e) {
		if (opts.signal?.aborted) throw new InterruptedError();
		throw e;
	}
}

/** SHA-256 (lowercase hex) of a whole file (or its first `length` bytes), streaming. */
export async function hashFile(path: string, opts: FileHashOptions = {}): Promise<string> {
	const hasher = inlineHasher();
	await feedFile(path, hasher, opts);
	return hasher.digest();
}
