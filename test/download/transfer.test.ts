import assert from "node:assert/strict";
import { lstat, mkdir, open, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { after, describe, it, mock } from "node:test";
import { Agent } from "undici";
import { sitesOf } from "../../src/core/sites.js";
import { segmentedTransfer, statePathFor } from "../../src/download/segmented.js";
import { type TransferRequest, transfer } from "../../src/download/transfer.js";
import { DownloadError, InterruptedError } from "../../src/errors.js";
import { type Clock, systemClock } from "../../src/platform/clock.js";
import type { HttpContext } from "../../src/platform/http.js";
import { endlessServer, listenLocal, tempDir } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

/** Civitai is another origin: the URL asked is the storage's own (no key, no redirects). */
const CIVITAI_ELSEWHERE = (() => {
	const sites = sitesOf({ baseUrl: "http://civitai.invalid" });
	return { site: sites.base, sites };
})();

const FILE = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) % 251));

/** A storage that honours Range; `handle` may take a request over first (return true when it did). */
async function storage(handle?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<string> {
	const server = createServer((req, res) => {
		req.resume();
		if (handle?.(req, res)) return;
		const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
		if (!m) {
			res.writeHead(200, { "content-length": FILE.length, "content-type": "application/octet-stream" });
			res.end(FILE);
			return;
		}
		const from = Number(m[1]);
		const to = m[2] ? Number(m[2]) : FILE.length - 1;
		res.writeHead(206, { "content-length": to - from + 1, "content-range": `bytes ${from}-${to}/${FILE.length}` });
		res.end(FILE.subarray(from, to + 1));
	});
	return listenLocal(server);
}

function http(clock: Clock = systemClock): HttpContext {
	const dispatcher = new Agent();
	after(() => dispatcher.close());
	return { dispatcher, userAgent: "test", clock };
}

function request(url: string, partPath: string, extra: Partial<TransferRequest> = {}): TransferRequest {
	return {
		apiUrl: `${url}/file.bin`,
		// another origin: the URL is the storage's own (no key, no redirects)
		...CIVITAI_ELSEWHERE,
		apiKey: "",
		partPath,
		expectedSize: FILE.length,
		slowWindowMs: 10_000,
		speedThresholdBps: 0,
		signal: new AbortController().signal,
		session: {},
		...extra,
	};
}

describe("a partial file that is a symlink", () => {
	for (const [label, run] of [
		["one connection", (r: TransferRequest, h: HttpContext) => transfer(r, h)],
		["segments", (r: TransferRequest, h: HttpContext) => segmentedTransfer(r, h, { connections: 4, minSegmentBytes: 4096 })],
	] as const) {
		it(`is never written through (${label}): the file it points to is untouched`, async () => {
			const dir = await tempDir();
			const victim = join(dir, "precious.txt");
			await writeFile(victim, "precious");
			const part = join(dir, "model.bin.part");
			await symlink(victim, part);
			const result = await run(request(await storage(), part), http());
			assert.equal(await readFile(victim, "utf8"), "precious");
			assert.ok((await lstat(part)).isFile(), "the partial is a regular file now");
			assert.deepEqual(await readFile(part), FILE);
			assert.equal(result.bytes, FILE.length);
		});

		it(`creates nothing where a dangling link points (${label})`, async () => {
			const dir = await tempDir();
			await mkdir(join(dir, "elsewhere"));
			const target = join(dir, "elsewhere", "planted");
			const part = join(dir, "model.bin.part");
			await symlink(target, part);
			await run(request(await storage(), part), http());
			await assert.rejects(stat(target), { code: "ENOENT" });
			assert.ok((await lstat(part)).isFile());
		});
	}

	it("a segment state file that is a symlink is removed, not read or written through", async () => {
		const dir = await tempDir();
		const victim = join(dir, "notes.json");
		const plan = JSON.stringify({ size: FILE.length, segments: [{ start: 0, end: FILE.length - 1, done: FILE.length - 10 }] });
		await writeFile(victim, plan);
		const part = join(dir, "model.bin.part");
		await writeFile(part, Buffer.alloc(FILE.length));
		await symlink(victim, statePathFor(part));
		await segmentedTransfer(request(await storage(), part), http(), { connections: 2, minSegmentBytes: 4096 });
		assert.equal(await readFile(victim, "utf8"), plan, "the linked file is untouched");
		assert.deepEqual(await readFile(part), FILE, "the plan behind the link was not used: every byte fetched");
		await assert.rejects(readlink(statePathFor(part)), { code: "ENOENT" });
	});
});

describe("a body with no size", () => {
	it("is refused past the cap (bad_body) and the partial deleted", { timeout: 20_000 }, async () => {
		const dir = await tempDir();
		const server = await endlessServer(200, "application/octet-stream");
		after(() => server.close());
		const part = join(dir, "model.bin.part");
		const cap = 1024 * 1024;
		const req = { ...request(server.origin, part, { expectedSize: undefined, maxUnsizedBytes: cap }), apiUrl: `${server.origin}/x` };
		await assert.rejects(transfer(req, http()), (e: unknown) => {
			assert.ok(e instanceof DownloadError);
			assert.equal(e.kind, "bad_body");
			assert.match(e.message, /gave the file's size.*past 1048576 bytes/);
			return true;
		});
		await assert.rejects(stat(part), { code: "ENOENT" });
		assert.ok(server.sent() < 64 * cap, `stopped reading (${server.sent()} bytes sent)`);
	});

	it("is taken whole when it stays under the cap", async () => {
		const dir = await tempDir();
		const url = await storage((req, res) => {
			if (req.headers.range) return false;
			res.writeHead(200, { "content-type": "application/octet-stream" }); // chunked: no length
			res.end(FILE);
			return true;
		});
		const part = join(dir, "model.bin.part");
		const r = await transfer(request(url, part, { expectedSize: undefined, maxUnsizedBytes: FILE.length }), http());
		assert.equal(r.bytes, FILE.length);
	});
});

describe("a disk that fills up during a download", () => {
	/** Every write to a file from now on fails with ENOSPC once `room` bytes have gone in. */
	async function diskWithRoom(room: number): Promise<void> {
		const probe = await open(join(await tempDir(), "probe"), "w");
		const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }> };
		await probe.close();
		const real = proto.write;
		let used = 0;
		mock.method(proto, "write", function (this: unknown, ...a: unknown[]) {
			const length = (a[2] as number | undefined) ?? (a[0] as Uint8Array).length;
			used += length;
			if (used > room) return Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
			return real.apply(this, a);
		});
	}

	it("with no size from the API nor the storage (an endless body): the partial is deleted, so the disk does not stay full", {
		timeout: 20_000,
	}, async () => {
		const dir = await tempDir();
		const server = await endlessServer(200, "application/octet-stream");
		after(() => server.close());
		const part = join(dir, "model.bin.part");
		const req = { ...request(server.origin, part, { expectedSize: undefined }), apiUrl: `${server.origin}/x` };
		await diskWithRoom(3 * 1024 * 1024);
		await assert.rejects(transfer(req, http()), (e: unknown) => {
			assert.ok(e instanceof DownloadError);
			assert.equal(e.kind, "disk");
			assert.equal((e.cause as NodeJS.ErrnoException).code, "ENOSPC");
			assert.match(
				e.message,
				/the disk is full\. Neither Civitai nor the server gave the file's size, so what came cannot be resumed and was deleted/,
			);
			return true;
		});
		mock.restoreAll();
		await assert.rejects(stat(part), { code: "ENOENT" });
	});

	it("with a size known (here the storage's Content-Length): the partial is kept for the next run to resume", async () => {
		const dir = await tempDir();
		const part = join(dir, "model.bin.part");
		await diskWithRoom(16 * 1024);
		await assert.rejects(transfer(request(await storage(), part, { expectedSize: undefined }), http()), (e: unknown) => {
			assert.ok(e instanceof DownloadError);
			assert.match(e.message, /Cannot write .*: the disk is full\.$/);
			return true;
		});
		mock.restoreAll();
		assert.ok((await stat(part)).isFile());
	});
});

describe("a segment whose connection drops", () => {
	/** Drops the first response for a Range from 0 after half its bytes. */
	const dropOnce = () => {
		let dropped = false;
		return (req: IncomingMessage, res: ServerResponse) => {
			const m = /^bytes=0-(\d+)$/.exec(req.headers.range ?? "");
			if (!m || dropped) return false;
			dropped = true;
			const to = Number(m[1]);
			res.writeHead(206, { "content-length": to + 1, "content-range": `bytes 0-${to}/${FILE.length}` });
			res.write(FILE.subarray(0, (to + 1) >> 1), () => res.destroy());
			return true;
		};
	};

	it("waits on the clock before resuming, then finishes", async () => {
		const dir = await tempDir();
		const clock = new VirtualClock();
		const part = join(dir, "model.bin.part");
		const r = await segmentedTransfer(request(await storage(dropOnce()), part), http(clock), { connections: 2, minSegmentBytes: 4096 });
		assert.equal(r.bytes, FILE.length);
		assert.deepEqual(await readFile(part), FILE);
		assert.deepEqual(clock.sleeps, [200]);
	});

	it("stops waiting at once when the download is interrupted", { timeout: 20_000 }, async () => {
		const dir = await tempDir();
		const clock = new VirtualClock(undefined, false); // time stands still: the wait never ends by itself
		const ac = new AbortController();
		const part = join(dir, "model.bin.part");
		const req = request(await storage(dropOnce()), part, { signal: ac.signal });
		const done = segmentedTransfer(req, http(clock), { connections: 2, minSegmentBytes: 4096 });
		for (let turns = 0; clock.sleeps.length === 0; turns++) {
			assert.ok(turns < 100_000, "the segment never waited on the clock");
			await new Promise((r) => setImmediate(r));
		}
		ac.abort();
		await assert.rejects(done, InterruptedError);
	});
});
