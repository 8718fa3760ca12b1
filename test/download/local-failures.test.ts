import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { Agent } from "undici";
import type { HttpContext } from "../../src/civitai/client.js";
import { type TransferRequest, transfer } from "../../src/download/transfer.js";
import { DownloadError } from "../../src/errors.js";
import { tempDir } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

/** A storage on 127.0.0.1 that answers every request with `handle`. */
async function storage(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
	const server = createServer((req, res) => {
		req.resume();
		handle(req, res);
	});
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	after(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
		civitaiOrigin: "http://civitai.invalid",
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
