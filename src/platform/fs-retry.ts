import nodeFs from "node:fs/promises";
import { fsRetryDelays, transientFsError } from "../core/fs-retry.js";
import { type Clock, systemClock } from "./clock.js";

/** The calls retried (tests pass ones that fail a number of times). */
export type RetriedFs = Pick<typeof nodeFs, "rename" | "rm">;

export interface FsRetryOptions {
	clock?: Clock;
	/** The platform whose errors are judged (default this one's; see core/fs-retry.ts). */
	platform?: NodeJS.Platform;
	/** How long to keep trying, in total wait (default 10 s). */
	boundMs?: number;
	signal?: AbortSignal;
	fs?: RetriedFs;
}

/** `op`, tried again after a short wait while it fails with an error that passes (see core/fs-retry.ts). */
async function retrying<T>(op: (fs: RetriedFs) => Promise<T>, o: FsRetryOptions): Promise<T> {
	const delays = fsRetryDelays(o.boundMs);
	const platform = o.platform ?? process.platform;
	const clock = o.clock ?? systemClock;
	for (let i = 0; ; i++) {
		try {
			return await op(o.fs ?? nodeFs);
		} catch (e) {
			if (i >= delays.length || !transientFsError((e as NodeJS.ErrnoException | null)?.code, platform)) throw e;
			await clock.sleep(delays[i]!, o.signal);
		}
	}
}

/** Rename `from` to `to`, riding out a scanner or indexer that holds the file for a moment. */
export function renameRetrying(from: string, to: string, o: FsRetryOptions = {}): Promise<void> {
	return retrying((fs) => fs.rename(from, to), o);
}

/** Remove the file at `path` (nothing there is fine), riding out a scanner that holds it for a moment. */
export function removeRetrying(path: string, o: FsRetryOptions = {}): Promise<void> {
	return retrying((fs) => fs.rm(path, { force: true }), o);
}
