import type { Readable } from "node:stream";

/** Bytes that may wait for a slow consumer (a slow disk) before the body is paused. */
const AHEAD_BYTES = 1024 * 1024;

/**
 * The chunks of a response body, every one that arrived, then its error if it has one.
 *
 * A dropped connection destroys the body, and a destroyed stream throws away what it still holds:
 * `for await` over the body itself lost the bytes that had arrived but were not read yet. With the
 * process busy, an attempt's last bytes and the close are read in one go, while the kept prefix of a
 * resumed file is still being hashed: all of that attempt's bytes were lost, and the retry ladder saw
 * no progress. Here each chunk is taken as the body emits it, from the call on (call this as soon as
 * the response is accepted), and the error comes after the last of them. While more than `aheadBytes`
 * wait, the body is paused (the connection's own flow control holds the rest). Leaving the loop early
 * destroys the body.
 */
export function receivedChunks(body: Readable, aheadBytes = AHEAD_BYTES): AsyncGenerator<Buffer, void, undefined> {
	const queue: Buffer[] = [];
	let queued = 0;
	let paused = false;
	// a body that already ended or failed gives nothing more (and may emit nothing more)
	let ended = body.destroyed || body.readableEnded;
	let failure: { error: unknown } | undefined = body.errored ? { error: body.errored } : undefined;
	let wake: (() => void) | undefined;
	const poke = () => {
		const w = wake;
		wake = undefined;
		w?.();
	};
	const onData = (chunk: Buffer) => {
		queue.push(chunk);
		queued += chunk.length;
		if (queued > aheadBytes && !paused) {
			paused = true;
			body.pause();
		}
		poke();
	};
	const onEnd = () => {
		ended = true;
		poke();
	};
	const onError = (error: unknown) => {
		failure ??= { error };
		onEnd();
	};
	body.on("data", onData);
	body.on("end", onEnd);
	body.on("close", onEnd);
	body.on("error", onError);
	return (async function* () {
		try {
			for (;;) {
				const chunk = queue.shift();
				if (chunk !== undefined) {
					queued -= chunk.length;
					if (paused && queued <= aheadBytes / 2) {
						paused = false;
						body.resume();
					}
					yield chunk;
					continue;
				}
				if (failure) throw failure.error;
				if (ended) return;
				await new Promise<void>((resolve) => {
					wake = resolve;
				});
			}
		} finally {
			body.off("data", onData);
			body.off("end", onEnd);
			body.off("close", onEnd);
			body.off("error", onError);
			if (!ended) {
				// left early (a break, or the consumer failed): nobody reads the rest. Destroyed unread, an
				// undici body emits its abort as an error, which needs a listener (as discard() in body.ts)
				body.on("error", () => {});
				body.destroy();
			}
		}
	})();
}
