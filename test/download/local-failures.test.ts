import assert from "node:assert/strict";
import { open } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { Agent } from "undici";
import { sitesOf } from "../../src/core/sites.js";
import { segmentedTransfer } from "../../src/download/segmented.js";
import { type TransferRequest, transfer } from "../../src/download/transfer.js";
import { DownloadError } from "../../src/errors.js";
import type { HttpContext } from "../../src/platform/http.js";
import { listenLocal, tempDir } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

/** Civitai is another origin: the URL asked is the storage's own (no key, no redirects). */
const CIVITAI_ELSEWHERE = (() => {
	const sites = sitesOf({ baseUrl: "http://civitai.invalid" });
	return { site: sites.base, sites };
})();

/** A storage on 127.0.0.1 that answers every request with `handle`. */
async function storage(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
	const server = createServer((req, res) => {
		req.resume();
		handle(req, res);
	});
	return listenLocal(server);
}

function http(): HttpContext {
	const dispatcher = new Agent();
	after(() => dispatcher.close());
	// time stands still: no slot is written for having waited, and the speed watch never ticks
	return { dispatcher, userAgent: "test", clock: new VirtualClock(undefined, false) };
}

function request(url: string, partPath: string, expectedSize: number): TransferRequest {
	return {
		apiUrl: `${url}/file.bin`,
		...CIVITAI_ELSEWHERE,
		apiKey: "",
		partPath,
		expectedSize,
		slowWindowMs: 10_000,
		speedThresholdBps: 0,
		signal: new AbortController().signal,
		session: {},
	};
}

/** Swap a method of a prototype for the test's duration. */
function replaceFor<T extends object, K extends keyof T>(proto: T, name: K, replacement: T[K]): void {
	const original = proto[name];
	proto[name] = replacement;
	after(() => {
		proto[name] = original;
	});
}

async function failureOf(p: Promise<unknown>): Promise<DownloadError> {
	const e = await p.then(
		() => assert.fail("the transfer succeeded"),
		(err: unknown) => err,
	);
	assert.ok(e instanceof DownloadError, String(e));
	return e;
}

describe("a hashing thread that stops during a large download", () => {
	it("says the local hashing thread stopped (kind other), not that the connection was lost", { timeout: 60_000 }, async () => {
		const size = 64 * 1024 * 1024; // large enough to be hashed on the worker
		const url = await storage((_req, res) => {
			res.writeHead(200, { "content-length": size, "content-type": "application/octet-stream" });
			const chunk = Buffer.alloc(256 * 1024, 1);
			let sent = 0;
			const more = () => {
				while (sent < size && !res.destroyed) {
					sent += chunk.length;
					if (!res.write(chunk)) return void res.once("drain", more);
				}
				if (!res.destroyed) res.end();
			};
			more();
		});
		// the thread ends at the first slot it is handed (as if it ran out of its memory)
		replaceFor(Worker.prototype, "postMessage", function (this: Worker) {
			void this.terminate();
		});
		const e = await failureOf(transfer(request(url, join(await tempDir(), "big.bin.part"), size), http()));
		assert.equal(e.kind, "other");
		assert.equal(e.msg.key, "errHashThreadStopped");
	});
});

describe("a disk that fails after the connection dropped", () => {
	const FILE_BYTES = 64 * 1024;
	/**
	 * Every response sends half of what it announced, then the connection drops: a moment later, so
	 * that the bytes are read before the drop (a stream destroyed at once would lose what it held).
	 */
	const dropHalfway = (req: IncomingMessage, res: ServerResponse) => {
		const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
		const from = m ? Number(m[1]) : 0;
		const to = m?.[2] ? Number(m[2]) : FILE_BYTES - 1;
		const length = to - from + 1;
		res.writeHead(m ? 206 : 200, { "content-length": length, ...(m ? { "content-range": `bytes ${from}-${to}/${FILE_BYTES}` } : {}) });
		res.write(Buffer.alloc(length >> 1, 2), () => setTimeout(() => res.socket?.destroy(), 200));
	};

	for (const [label, run] of [
		["one connection", (r: TransferRequest, h: HttpContext) => transfer(r, h)],
		["segments", (r: TransferRequest, h: HttpContext) => segmentedTransfer(r, h, { connections: 4, minSegmentBytes: 4096 })],
	] as const) {
		it(`says the disk is full, not that the connection was lost (${label}): the disk is what to fix`, { timeout: 20_000 }, async () => {
			const dir = await tempDir();
			const url = await storage(dropHalfway);
			// every write to a file fails: the disk is full (the received bytes are written only after the drop)
			const sample = await open(join(dir, "sample"), "w");
			const proto = Object.getPrototypeOf(sample) as { write: (...args: unknown[]) => Promise<unknown> };
			await sample.close();
			replaceFor(proto, "write", async () => {
				throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", errno: -28 });
			});
			const e = await failureOf(run(request(url, join(dir, "model.bin.part"), FILE_BYTES), http()));
			assert.equal(e.kind, "disk", `${e.kind}: ${e.message}`);
			assert.equal(e.msg.key, "errDiskFull");
		});
	}
});
