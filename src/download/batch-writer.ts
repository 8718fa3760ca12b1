import type { FileHandle } from "node:fs/promises";

/**
 * Writes a stream of network chunks to a file in large batches (fewer syscalls than one write per
 * 64 KiB chunk), with one batch on its way to the disk while the next one fills: disk and network
 * overlap, and memory stays at about two batches whatever the file size.
 */
export class BatchWriter {
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	private inflight: Promise<void> | undefined;
	/** When the oldest queued chunk arrived: on a slow link a batch is written after at most `maxDelayMs`. */
	private since = 0;

	constructor(
		private readonly fh: FileHandle,
		private position: number,
		private readonly batchBytes = 1024 * 1024,
		private readonly maxDelayMs = 500,
	) {}

	/** Queue a chunk; resolves once it is accepted (waits only when a batch is still being written). */
	async write(chunk: Buffer): Promise<void> {
		const now = Date.now();
		if (this.pendingBytes === 0) this.since = now;
		this.pending.push(chunk);
		this.pendingBytes += chunk.length;
		if (this.pendingBytes >= this.batchBytes || now - this.since >= this.maxDelayMs) await this.flush();
	}

	private async flush(): Promise<void> {
		if (this.pendingBytes === 0) return;
		const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
		const at = this.position;
		this.position += this.pendingBytes;
		this.pending = [];
		this.pendingBytes = 0;
		if (this.inflight) await this.inflight;
		this.inflight = writeAll(this.fh, buf, at);
	}

	/** Write whatever is queued and wait for the disk: every accepted byte is in the file after this. */
	async finish(): Promise<void> {
		await this.flush();
		if (this.inflight) await this.inflight;
		this.inflight = undefined;
	}
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
	for (let done = 0; done < buf.length; ) {
		const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
		done += bytesWritten;
	}
}
