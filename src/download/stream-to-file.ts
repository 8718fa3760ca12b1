import { noteReceived } from "../platform/memory.js";
import type { HashingWriter } from "./hashing-writer.js";

export interface StreamOutcome {
	/** Body bytes that arrived (the one past `room` included, though never written). */
	received: number;
	/** The error that ended the stream early, if any: the write's when both the read and the write failed. */
	failure: unknown;
}

/**
 * Write a response body's chunks (`receivedChunks`, taken from the moment the response was accepted)
 * through `writer` (which hashes them too), stopping at once when more than `room` bytes arrive. Our
 * own loop instead of pipeline(): on a dropped connection every byte received so far is still written
 * before we give up, so the next attempt resumes from all of it. `counter.received` runs along for the
 * speed watch.
 */
export async function streamToFile(
	chunks: AsyncIterable<Buffer>,
	writer: HashingWriter,
	room: number,
	counter: { received: number },
): Promise<StreamOutcome> {
	let failure: unknown;
	try {
		for await (const chunk of chunks) {
			counter.received += chunk.length;
			noteReceived(chunk.length);
			if (counter.received > room) {
				// more than the body may hold (an endless body, or the wrong file): stop reading at once
				break; // (which destroys the body)
			}
			await writer.write(chunk);
		}
	} catch (e) {
		failure = e;
	}
	try {
		await writer.finish();
	} catch (e) {
		// the disk's error (or the hashing thread's) wins over a drop: retrying the drop would fail
		// the same way, and it is what the user must fix (segmented.ts's fillSegment does the same)
		failure = e;
	}
	return { received: counter.received, failure };
}
