import type { FileHandle } from "node:fs/promises";
import type { Clock } from "../platform/clock.js";

/**
 * Writes a stream of network chunks to a file in large batches (fewer syscalls than one write per
 * 64 KiB chunk) through two reused buffers: one fills while the other is on its way to the disk.
 * Disk and network overlap, and memory stays at two batches whatever the file size.
 */
export class BatchWriter {
	private readonly buffers: [Buffer, Buffer];
	private readonly inflight: [Promise<void> | undefined, Promise<void> | undefined] = [undefined, undefined];
	private active = 0;
	private filled = 0;
	/** When the oldest queued byte arrived: on a slow link a batch is written after at most `maxDelayMs`. */
	private since = 0;

	constructor(
		private readonly fh: FileHandle,
		private position: number,
		private readonly clock: Pick<Clock, "now">,
		batchBytes = 1024 * 1024,
		private readonly maxDelayMs = 200,
	) {
		this.buffers = [Buffer.allocUnsafeSlow(batchBytes), Buffer.allocUnsafeSlow(batchBytes)];
	}

	/** Queue a chunk; resolves once it is copied (waits only when both buffers are busy). */
	async write(chunk: Buffer): Promise<void> {
		let from = 0;
		while (from < chunk.length) {
			if (this.filled === 0) this.since = this.clock.now();
			const buf = this.buffers[this.active]!;
			const n = chunk.copy(buf, this.filled, from);
			this.filled += n;
			from += n;
			if (this.filled === buf.length) await this.flush();
		}
		if (this.filled > 0 && this.clock.now() - this.since >= this.maxDelayMs) await this.flush();
	}

	private async flush(): Promise<void> {
		if (this.filled === 0) return;
		const i = this.active;
		const at = this.position;
		const len = this.filled;
		this.position += len;
		this.filled = 0;
		this.inflight[i] = writeAll(this.fh, this.buffers[i]!.subarray(0, len), at);
		// the other buffer must be on disk before it is filled again
		this.active = 1 - i;
		await this.inflight[this.active];
		this.inflight[this.active] = undefined;
	}

	/** Write whatever is queued and wait for the disk: every accepted byte is in the file after this. */
	async finish(): Promise<void> {
		await this.flush();
		await Promise.all(this.inflight);
		this.inflight[0] = this.inflight[1] = undefined;
	}
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
	for (let done = 0; done < buf.length; ) {
		const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
		done += bytesWritten;
	}
}
