import type { FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Clock } from "../platform/clock.js";
import { BatchWriter } from "./batch-writer.js";
import type { StreamHasher } from "./hasher.js";

export interface StreamOutcome {
	/** Body bytes that arrived (the one past `room` included, though never written). */
	received: number;
	/** The read or write error that ended the stream early, if any. */
	failure: unknown;
}

/**
 * Write a response body into `fh` from `offset` while hashing it, stopping at once when more than
 * `room` bytes arrive. Our own loop instead of pipeline(): on a dropped connection every byte
 * received so far is still written before we give up, so the next attempt resumes from all of it.
 * `counter.received` runs along for the speed watch.
 */
export async function streamToFile(
	body: Readable,
	fh: FileHandle,
	at: { offset: number; room: number },
	hash: StreamHasher,
	clock: Clock,
	counter: { received: number },
): Promise<StreamOutcome> {
	const writer = new BatchWriter(fh, at.offset, clock);
	let failure: unknown;
	try {
		for await (const chunk of body as AsyncIterable<Buffer>) {
			counter.received += chunk.length;
			if (counter.received > at.room) {
				// more than the body may hold (an endless body, or the wrong file): stop reading at once
				body.destroy();
				break;
			}
			await Promise.all([hash.update(chunk), writer.write(chunk)]);
		}
	} catch (e) {
		failure = e;
	}
	try {
		await writer.finish();
	} catch (e) {
		failure ??= e;
	}
	return { received: counter.received, failure };
}
