import { setTimeout as sleep } from "node:timers/promises";

/**
 * Until `condition()` holds, looked at every `everyMs`; throws naming `what` after `timeoutMs`. For a test
 * that must wait for something another process does (a request arriving, a file appearing), instead of a
 * fixed sleep that is too short on a busy machine and too long on a quiet one.
 */
export async function waitFor(
	what: string,
	condition: () => boolean | Promise<boolean>,
	{ timeoutMs = 30_000, everyMs = 10 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}
