import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { type FileHandle, open, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { HashingWriter } from "../../src/download/hashing-writer.js";
import { type DownloadError, InterruptedError } from "../../src/errors.js";
import { tempDir } from "../helpers.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex").toUpperCase();

/** Cut `data` into chunks of uneven sizes (some larger than a slot, some tiny). */
function chunksOf(data: Buffer, sizes: number[]): Buffer[] {
	const out: Buffer[] = [];
	for (let at = 0, i = 0; at < data.length; i++) {
		const n = Math.min(sizes[i % sizes.length]!, data.length - at);
		out.push(data.subarray(at, at + n));
		at += n;
	}
	return out;
}

describe("HashingWriter", () => {
	for (const worker of [false, true]) {
		it(`writes every byte in order and hashes them all (${worker ? "worker" : "inline"})`, async () => {
			const path = join(await tempDir(), "out.bin");
			const data = randomBytes(37_000);
			const fh = await open(path, "w");
			const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: worker ? "worker" : "inline", slotBytes: 4096, slots: 3 });
			for (const c of chunksOf(data, [1, 5000, 4096, 13, 9000, 700])) await writer.write(c);
			await writer.finish();
			const digest = await writer.digest();
			await fh.close();
			assert.deepEqual(await readFile(path), data);
			assert.equal(digest, sha(data));
		});
	}

	it("gives its slots to the next writer only once its own writes are done (files one after another stay intact)", async () => {
		const dir = await tempDir();
		const datas = [randomBytes(3 * 1024 * 1024 + 17), randomBytes(2 * 1024 * 1024 + 5), randomBytes(1024 * 1024)];
		await Promise.all(
			datas.map(async (data, i) => {
				const fh = await open(join(dir, `f${i}`), "w");
				const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: "inline" });
				for (const c of chunksOf(data, [65536, 1000, 300000])) await writer.write(c);
				await writer.finish();
				assert.equal(await writer.digest(), sha(data));
				await fh.close();
			}),
		);
		for (const [i, data] of datas.entries()) assert.deepEqual(await readFile(join(dir, `f${i}`)), data);
	});

	it("writes a file that fits in one slot, and one a little larger than expected", async () => {
		const dir = await tempDir();
		for (const [size, expected] of [
			[100_000, 100_000],
			[70_000, 65_536],
		] as const) {
			const data = randomBytes(size);
			const fh = await open(join(dir, `f${size}`), "w");
			const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: "inline", expectedBytes: expected });
			for (const c of chunksOf(data, [4096, 65536])) await writer.write(c);
			await writer.finish();
			assert.equal(await writer.digest(), sha(data));
			await fh.close();
			assert.deepEqual(await readFile(join(dir, `f${size}`)), data);
		}
	});

	it("stops hashing a kept prefix when the run is stopped (Ctrl-C), with InterruptedError", async () => {
		const path = join(await tempDir(), "out.bin");
		await writeFile(path, randomBytes(300_000));
		const fh = await open(path, "r+");
		const ac = new AbortController();
		const writer = new HashingWriter(fh, 300_000, { now: () => 0 }, { hash: "inline", slotBytes: 65_536 });
		let slotsRead = 0;
		const stopped = writer.hashExisting(300_000, {
			signal: ac.signal,
			onBytes: () => {
				if (++slotsRead === 2) ac.abort();
			},
		});
		await assert.rejects(stopped, InterruptedError);
		assert.equal(slotsRead, 2, "no read after the stop");
		await fh.close();
	});

	it("hashes a kept prefix from the file, then the new bytes after it", async () => {
		const path = join(await tempDir(), "out.bin");
		const prefix = randomBytes(10_000);
		const rest = randomBytes(6_000);
		await writeFile(path, prefix);
		const fh = await open(path, "r+");
		const writer = new HashingWriter(fh, prefix.length, { now: () => 0 }, { hash: "worker", slotBytes: 4096, slots: 2 });
		await writer.hashExisting(prefix.length);
		await writer.write(rest);
		await writer.finish();
		const digest = await writer.digest();
		await fh.close();
		const whole = Buffer.concat([prefix, rest]);
		assert.deepEqual(await readFile(path), whole);
		assert.equal(digest, sha(whole));
	});

	it("holds small chunks until the slot fills or the clock says they waited long enough", async () => {
		const path = join(await tempDir(), "out.bin");
		const fh = await open(path, "w");
		let now = 1_000;
		const writer = new HashingWriter(fh, 0, { now: () => now }, { hash: "inline", slotBytes: 1024, maxDelayMs: 200 });
		await writer.write(Buffer.alloc(10, 1));
		now += 100;
		await writer.write(Buffer.alloc(10, 2));
		assert.equal((await readFile(path)).length, 0, "still queued after 100 ms");
		now += 100;
		await writer.write(Buffer.alloc(10, 3));
		// the slot is on its way to the disk (not awaited by write): give it a moment
		for (let i = 0; i < 100 && (await readFile(path)).length < 30; i++) await sleep(10);
		assert.equal((await readFile(path)).length, 30, "written once the oldest byte waited 200 ms");
		await writer.write(Buffer.alloc(2000, 4));
		await writer.finish();
		await fh.close();
		assert.equal((await readFile(path)).length, 2030);
	});

	it("stops writing after a failed write (no hole in the file) and says why at the next write or finish", async () => {
		const writes: number[] = [];
		let calls = 0;
		const fh = {
			async write(_buf: Buffer, _off: number, length: number, position: number) {
				calls++;
				if (calls === 2) throw Object.assign(new Error("no space"), { code: "ENOSPC" });
				writes.push(position);
				return { bytesWritten: length };
			},
		} as unknown as FileHandle;
		const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: "inline", slotBytes: 100, slots: 2 });
		let thrown: unknown;
		try {
			for (let i = 0; i < 10; i++) await writer.write(Buffer.alloc(100, i));
			await writer.finish();
		} catch (e) {
			thrown = e;
		}
		assert.equal((thrown as NodeJS.ErrnoException)?.code, "ENOSPC");
		assert.deepEqual(writes, [0], "nothing written after the failed slot at 100");
	});
});

describe("HashingWriter when its hashing thread stops", () => {
	it("still waits for the write in flight before finish settles (every accepted byte is on disk or refused)", async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const events: string[] = [];
		const fh = {
			async write(_buf: Buffer, _off: number, length: number, position: number) {
				events.push(`write ${position} started`);
				await gate;
				events.push(`write ${position} done`);
				return { bytesWritten: length };
			},
		} as unknown as FileHandle;
		const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: "worker", slotBytes: 4096, slots: 2 });
		// the thread stops (out of memory, say) before it hashes the first slot
		(writer as unknown as { hasher: { close(): void } }).hasher.close();
		await writer.write(Buffer.alloc(4096, 1)).catch(() => {});
		const finished = writer.finish().then(
			() => events.push("finish resolved"),
			(e: DownloadError) => events.push(`finish rejected: ${e.kind} ${e.msg.key}`),
		);
		// the thread's exit is reported within a moment; the write is still held
		for (let i = 0; i < 50 && !events.some((e) => e.startsWith("finish")); i++) await sleep(10);
		events.push("write released");
		release();
		await finished;
		assert.deepEqual(events, ["write 0 started", "write released", "write 0 done", "finish rejected: other errHashThreadStopped"]);
	});
});
