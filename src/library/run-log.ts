import { constants } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { formatRunLogLine, parseRunLog, RUN_LOG_MAX, type RunLogLine, withRun } from "../core/run-log.js";
import { wordsOf } from "../errors.js";
import { acquireLock } from "../history/lock.js";
import type { Messages } from "../i18n/en.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import type { Clock } from "../platform/clock.js";

/**
 * The run log next to the history (`<history>.runs.jsonl`): one JSON line per run that downloads or
 * checks, the last 500. Each run adds its line under the history's lock (the lock every writer of
 * the history takes) and the file is replaced whole (`writeFileAtomic`): a crash leaves the old log
 * or the new one, never a torn line, and two runs ending at once both keep theirs.
 */
export function runLogPathFor(historyFile: string): string {
	return `${historyFile}.runs.jsonl`;
}

/** More than the longest log of 500 lines: a larger file is read from its end. */
const MAX_READ = 32 * 1024 * 1024;

/** The log's lines, oldest first (none when there is no log; a line we did not write is skipped). */
export async function readRunLog(historyFile: string): Promise<RunLogLine[]> {
	let fh: Awaited<ReturnType<typeof open>>;
	try {
		fh = await open(runLogPathFor(historyFile), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
	} catch {
		return [];
	}
	try {
		const { size } = await fh.stat();
		const length = Math.min(size, MAX_READ);
		const buf = Buffer.alloc(length);
		let n = 0;
		for (let r = 1; r > 0 && n < length; n += r) r = (await fh.read(buf, n, length - n, size - length + n)).bytesRead;
		return parseRunLog(buf.subarray(0, n).toString("utf8"), RUN_LOG_MAX);
	} catch {
		return [];
	} finally {
		await fh.close().catch(() => {});
	}
}

/**
 * How a line is added: under the history's lock, taken here (`verify`, `outdated`, `import`), or
 * `false` when the caller holds it already (a download run adds its line before it lets go) or
 * coordinates its writers itself.
 */
export type RunLogLock = { clock: Clock; timeoutMs: number; signal?: AbortSignal } | false;

/**
 * Add a run's line. Never throws: a log that cannot be written (a full disk, a link at its name, a
 * lock held too long) is the warning returned, in the catalogue's words; undefined when written.
 */
export async function appendRunLog(historyFile: string, line: RunLogLine, lock: RunLogLock, m: Messages): Promise<string | undefined> {
	const path = runLogPathFor(historyFile);
	try {
		const release = lock
			? await acquireLock(historyFile, {
					timeoutMs: lock.timeoutMs,
					clock: lock.clock,
					...(lock.signal ? { signal: lock.signal } : {}),
					command: "civitai-dl (run log)",
				})
			: undefined;
		try {
			const text = withRun(await readRunLog(historyFile), line)
				.map(formatRunLogLine)
				.join("");
			await writeFileAtomic(path, text).catch(async (e: NodeJS.ErrnoException) => {
				// the history's folder is made by its first row; a run that recorded nothing may be the first
				if (e.code !== "ENOENT") throw e;
				await mkdir(dirname(path), { recursive: true });
				await writeFileAtomic(path, text);
			});
		} finally {
			await release?.();
		}
		return undefined;
	} catch (e) {
		return m.warnRunLog({ path, reason: wordsOf(e, m) });
	}
}
