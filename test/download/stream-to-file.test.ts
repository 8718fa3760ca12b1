import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { HashingWriter } from "../../src/download/hashing-writer.js";
import { streamToFile } from "../../src/download/stream-to-file.js";
import { receivedChunks } from "../../src/platform/received-chunks.js";

/** A writer that takes its time over each chunk, as a disk (or the hash) does while the process is busy. */
function slowWriter(ms = 5) {
	const written: Buffer[] = [];
	const writer = {
		write: async (chunk: Buffer) => {
			await sleep(ms);
			written.push(Buffer.from(chunk));
		},
		finish: async () => {},
	} as unknown as HashingWriter;
	return { writer, bytes: () => Buffer.concat(written) };
}

/**
 * A body as transfer() holds it: its chunks taken from the moment the response is accepted. Then
 * `chunks` arrive and the connection drops, all in one turn of the event loop (as undici reads them
 * when the process is busy), before the writing starts (the kept prefix of a resumed file is still being hashed).
 */
async function droppedBody(chunks: Buffer[], error = new Error("other side closed")) {
	const body = new Readable({ read() {} });
	const received = receivedChunks(body);
	for (const c of chunks) body.push(c);
	body.destroy(error);
	await sleep(20);
	assert.ok(body.destroyed);
	return received;
}

const chunk = (n: number, byte: number) => Buffer.alloc(n, byte);

describe("streamToFile on a dropped connection", () => {
	it("writes every byte that arrived before the drop, then reports the drop", async () => {
		const chunks = [chunk(64 * 1024, 1), chunk(36 * 1024, 2), chunk(1000, 3)];
		const { writer, bytes } = slowWriter();
		const counter = { received: 0 };
		const out = await streamToFile(await droppedBody(chunks), writer, Number.POSITIVE_INFINITY, counter);
		assert.match(String(out.failure), /other side closed/);
		assert.equal(out.received, 100 * 1024 + 1000);
		assert.deepEqual(bytes(), Buffer.concat(chunks), "the next attempt resumes from all of them");
	});

	it("stops at once past its room, writing only what fitted", async () => {
		const body = new Readable({ read() {} });
		(async () => {
			for (const c of [chunk(10, 1), chunk(10, 2), chunk(10, 3)]) {
				await sleep(5);
				if (!body.destroyed) body.push(c);
			}
		})();
		const { writer, bytes } = slowWriter(0);
		const out = await streamToFile(receivedChunks(body), writer, 15, { received: 0 });
		assert.equal(out.failure, undefined);
		assert.equal(out.received, 20, "the chunk past the room is counted, never written");
		assert.deepEqual(bytes(), chunk(10, 1));
		assert.ok(body.destroyed);
	});
});

describe("receivedChunks", () => {
	it("yields every chunk of a body that ends, in order", async () => {
		const got: Buffer[] = [];
		for await (const c of receivedChunks(Readable.from([chunk(3, 1), chunk(4, 2)]))) got.push(c);
		assert.deepEqual(Buffer.concat(got), Buffer.concat([chunk(3, 1), chunk(4, 2)]));
	});

	it("pauses the body while more than its bytes ahead wait for a slow consumer, and resumes it", async () => {
		const body = new Readable({ read() {} });
		const chunks = Array.from({ length: 20 }, (_, i) => chunk(1024, i));
		const seen: boolean[] = [];
		const got: Buffer[] = [];
		setImmediate(() => {
			for (const c of chunks) body.push(c);
			body.push(null);
		});
		for await (const c of receivedChunks(body, 4 * 1024)) {
			seen.push(body.isPaused());
			got.push(c);
			await sleep(1);
		}
		assert.deepEqual(Buffer.concat(got), Buffer.concat(chunks));
		assert.ok(seen.includes(true), "paused at some point");
		assert.equal(seen.at(-1), false, "resumed to read the rest");
	});

	it("destroys the body when the loop is left early, and an abort after it goes nowhere", async () => {
		const body = new Readable({ read() {} });
		body.push(chunk(5, 1));
		for await (const _ of receivedChunks(body)) break;
		assert.ok(body.destroyed);
		body.emit("error", new Error("aborted")); // would end the process without a listener
	});

	it("a body that already failed throws its error; one that already ended yields nothing", async () => {
		const failed = new Readable({ read() {} });
		failed.on("error", () => {});
		failed.destroy(new Error("gone"));
		await new Promise((r) => setImmediate(r));
		await assert.rejects(receivedChunks(failed).next(), /gone/);
		const ended = Readable.from([]);
		for await (const _ of ended);
		assert.deepEqual(await receivedChunks(ended).next(), { value: undefined, done: true });
	});
});
