import type { FileHandle } from "node:fs/promises";
import type { Sha256 } from "../core/sha256.js";
import { InterruptedError } from "../errors.js";
import type { Clock } from "../platform/clock.js";
import { inlineSlotHasher, noSlotHasher, type SlotHasher, workerSlotHasher } from "./slot-hasher.js";

/** From this size on, SHA-256 runs on a worker thread. */
const WORKER_HASH_MIN_BYTES = 64 * 1024 * 1024;

/** Where a file of `bytes` is hashed: large files on a worker thread, overlapping the network and the disk. */
export function hashPlaceFor(bytes: number | undefined): "worker" | "inline" {
	return (bytes ?? 0) >= WORKER_HASH_MIN_BYTES ? "worker" : "inline";
}

const FULL_SLOT = 1024 * 1024;
/**
 * Full-size plain slots that finished writers gave back, for the next one: many small files in a row
 * (four lanes of them) would otherwise allocate, and leave to the collector, a few MiB per file.
 */
const spareSlots: Buffer[] = [];
const MAX_SPARE_SLOTS = 8;

function takeSlot(size: number): Buffer {
	return (size === FULL_SLOT ? spareSlots.pop() : undefined) ?? Buffer.allocUnsafeSlow(size);
}

export interface HashingWriterOptions {
	/** Where SHA-256 runs: on a worker thread (large files), the calling thread, or not at all. */
	hash: "worker" | "inline" | "none";
	/** Bytes per slot (default 1 MiB): one write and one hash per slot. */
	slotBytes?: number;
	/** Slots in the ring (default 4 with the worker, else 2): one filling, the others on their way to the disk and the hash. */
	slots?: number;
	/** The bytes expected in all, when known: a small file gets slots no bigger than itself (at least 64 KiB). */
	expectedBytes?: number | undefined;
	/** On a slow link a part-filled slot is written after at most this long (default 200 ms). */
	maxDelayMs?: number;
}

/**
 * Writes a stream of network chunks to a file and hashes them, through a small ring of reused slots
 * of shared memory: each chunk is copied once, into the slot being filled; a full slot is written
 * (one write at a time, in order) and hashed (on the worker, which reads the same memory) while the
 * next fills. Memory stays at the ring's size whatever the file's, and nothing else is allocated per chunk.
 */
export class HashingWriter {
	private readonly slots: Buffer[];
	private readonly hasher: SlotHasher;
	/** Per slot: settles when its write and its hash are done and it may be filled again. */
	private readonly busy: (Promise<void> | undefined)[];
	private lastWrite: Promise<void> = Promise.resolve();
	private failure: { error: unknown } | undefined;
	private active = 0;
	private filled = 0;
	/** When the oldest byte waiting in the active slot arrived. */
	private since = 0;
	private readonly maxDelayMs: number;
	private writtenBytes = 0;
	/** The slots are shared with the hashing thread (never given to another writer). */
	private readonly shared: boolean;

	constructor(
		private readonly fh: FileHandle,
		private position: number,
		private readonly clock: Pick<Clock, "now">,
		opts: HashingWriterOptions,
	) {
		// a slot must hold something, or a chunk would never fit anywhere
		const full = Math.max(1, opts.slotBytes ?? FULL_SLOT);
		const size = opts.expectedBytes === undefined ? full : Math.min(full, Math.max(64 * 1024, opts.expectedBytes));
		// a file that fits in one slot needs no second one: it is written (and hashed) once, at the end
		const fits = opts.expectedBytes !== undefined && opts.expectedBytes <= size;
		const count = fits ? 1 : Math.max(2, opts.slots ?? (opts.hash === "worker" ? 4 : 2));
		this.maxDelayMs = opts.maxDelayMs ?? 200;
		this.shared = opts.hash === "worker";
		if (this.shared) {
			const shared = Array.from({ length: count }, () => new SharedArrayBuffer(size));
			this.slots = shared.map((s) => Buffer.from(s));
			this.hasher = workerSlotHasher(shared);
		} else {
			this.slots = Array.from({ length: count }, () => takeSlot(size));
			this.hasher = opts.hash === "inline" ? inlineSlotHasher(this.slots) : noSlotHasher();
		}
		this.busy = new Array(count).fill(undefined);
	}

	/**
	 * Hash the first `length` bytes already in the file (a kept prefix, or a whole file), reading them
	 * through the slots: the next read overlaps the hash of the last. A file shorter than `length` is
	 * hashed as far as it goes (the caller's size or hash check then says it differs).
	 */
	async hashExisting(length: number, opts: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {}): Promise<void> {
		for (let at = 0; at < length; ) {
			if (opts.signal?.aborted) throw new InterruptedError();
			const slot = this.slots[this.active]!;
			const { bytesRead } = await this.fh.read(slot, 0, Math.min(slot.length, length - at), at);
			if (bytesRead === 0) break;
			at += bytesRead;
			await this.handOver(bytesRead, false);
			opts.onBytes?.(at);
		}
	}

	/** Queue a chunk; resolves once it is copied (waits only when every slot is busy). */
	async write(chunk: Buffer): Promise<void> {
		for (let from = 0; from < chunk.length; ) {
			if (this.filled === 0) this.since = this.clock.now();
			const slot = this.slots[this.active]!;
			const n = chunk.copy(slot, this.filled, from);
			this.filled += n;
			from += n;
			if (this.filled === slot.length) await this.handOver(this.filled, true);
		}
		if (this.filled > 0 && this.clock.now() - this.since >= this.maxDelayMs) await this.handOver(this.filled, true);
	}

	/** Write and hash what is queued and wait for both: every accepted byte is in the file after this. */
	async finish(): Promise<void> {
		try {
			if (this.filled > 0) await this.handOver(this.filled, true);
		} finally {
			await Promise.allSettled(this.busy);
			this.giveBackSlots();
		}
		this.throwIfFailed();
	}

	/** Nothing reads or writes the slots once every write and hash has settled: plain ones go to the next writer. */
	private giveBackSlots(): void {
		if (this.shared) return;
		for (const slot of this.slots.splice(0)) if (slot.length === FULL_SLOT && spareSlots.length < MAX_SPARE_SLOTS) spareSlots.push(slot);
	}

	/** Bytes of `write` calls that are in the file by now (the rest are queued). */
	get written(): number {
		return this.writtenBytes;
	}

	/** SHA-256 (lowercase hex) of the prefix and every byte written; after `finish`. */
	digest(): Promise<Sha256> {
		return this.hasher.digest();
	}

	close(): void {
		this.hasher.close();
	}

	/** Send the active slot's first `length` bytes to the hash (and the disk), then move to the next free slot. */
	private async handOver(length: number, write: boolean): Promise<void> {
		const i = this.active;
		const hashed = this.hasher.hash(i, length);
		let written: Promise<void> = Promise.resolve();
		if (write) {
			const at = this.position;
			this.position += length;
			// one write at a time, in order: a failed write stops the ones after it (no holes in the file)
			written = this.lastWrite.then(async () => {
				if (this.failure) return;
				try {
					await writeAll(this.fh, this.slots[i]!.subarray(0, length), at);
					this.writtenBytes += length;
				} catch (error) {
					this.failure ??= { error };
				}
			});
			this.lastWrite = written;
		}
		// both settled, not the first to fail: a hash that fails (the thread stopped) must not free the
		// slot, nor let finish() return, while its write still reads it
		this.busy[i] = Promise.allSettled([hashed, written]).then(([h]) => {
			if (h.status === "rejected") this.failure ??= { error: h.reason };
		});
		this.filled = 0;
		this.active = (i + 1) % this.slots.length;
		await this.busy[this.active];
		this.throwIfFailed();
	}

	private throwIfFailed(): void {
		if (this.failure) throw this.failure.error;
	}
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
	for (let done = 0; done < buf.length; ) {
		const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
		done += bytesWritten;
	}
}
