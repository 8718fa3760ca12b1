import { createHash } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { RunEvent } from "../core/events.js";
import { DownloadError, LockTimeoutError } from "../errors.js";
import { acquireLock, type LockOptions, lockPathFor, type Release } from "../history/lock.js";
import { sweepThrottle } from "../history/lock-aside.js";
import { messages } from "../i18n/index.js";
import { msg } from "../i18n/msg.js";
import type { Clock } from "../platform/clock.js";
import { diskError } from "./partial-file.js";
import type { RunChoices, RunContext } from "./run-context.js";

/** How long a run waits for another run's append, or for a file another run is downloading, by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 600_000;

/** Room the lock's names need after the claimed name: `.lock` and a sibling's `.released-<16 hex>`. */
const LOCK_NAME_ROOM = ".lock.released-".length + 16;

/** How old what a take-over set aside must be before it is deleted (the lock's `staleMs`). */
const SET_ASIDE_MS = 30_000;

/** When a folder's claims are due for a sweep (on the run's clock). */
const sweepDue = sweepThrottle();

/**
 * Delete what take-overs of dead claims set aside in `dir` (`<part>.lock.stale-<hash>` and the like)
 * once older than the lock keeps them: a file's claim is rarely taken again, so a later download
 * into the same folder sweeps them. A folder is read at most once per `SET_ASIDE_MS` (nothing set
 * aside since is old enough to go): reading a library's folder for every file downloaded into it was
 * a fifth of the time of 200 small files (bench/NOTES.md).
 */
async function sweepClaims(dir: string, now: number): Promise<void> {
	if (!sweepDue(dir, now, SET_ASIDE_MS)) return;
	const names = await readdir(dir).catch(() => [] as string[]);
	for (const n of names) {
		if (!/(\.part|^\.civitai-dl-claim-[0-9a-f]+)\.lock\.(stale|new|released)-[0-9a-f]+$/.test(n)) continue;
		const at = join(dir, n);
		const s = await stat(at).catch(() => null);
		if (s?.isDirectory() && now - s.mtimeMs > SET_ASIDE_MS) await rm(at, { recursive: true, force: true }).catch(() => {});
	}
}

/** A claim held: its release, and whether another run held it first (its file may be there now). */
export interface Claim {
	release: Release;
	waited: boolean;
}

/**
 * What a claim on a partial file is named after, beside it: the `.part` itself (its lock is
 * `<name>.part.lock`), or, when the lock's names would not fit in 255 bytes, a short hidden name made
 * from it. Every run computes the same name for the same file.
 */
export function claimNameFor(partPath: string): string {
	const name = basename(partPath);
	if (Buffer.byteLength(name) + LOCK_NAME_ROOM <= 255) return partPath;
	return join(dirname(partPath), `.civitai-dl-claim-${createHash("sha256").update(name).digest("hex").slice(0, 16)}`);
}

/**
 * Claim the file an item downloads to (`partPath`) across processes, for as long as the download and
 * its record take: two runs never write one `.part`. The claim is the history lock's kind of lock
 * (`history/lock.ts`): a dead claimant's claim is taken over, at once on this host. Another run's
 * claim is waited for (a `claim_wait` event) up to the lock timeout; then the item fails, saying that
 * run is downloading it. Without locking (`lock: false`) or in a dry run, nothing is claimed.
 */
export async function claimFile(ctx: RunContext, index: number, name: string, partPath: string): Promise<Claim> {
	const { lock } = ctx.opts;
	if (lock === false || ctx.opts.dryRun) return { release: async () => {}, waited: false };
	await ctx.folders.make(dirname(partPath));
	const at = claimNameFor(partPath);
	const timeoutMs = lock?.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
	let waited = false;
	try {
		const release = await acquireLock(at, {
			timeoutMs,
			clock: ctx.clock,
			signal: ctx.signal,
			command: "civitai-dl",
			makeFolder: false, // the item's folder, made by the run (once)
			sweep: false, // sweepClaims below sweeps the folder's claims, all of them at once
			onWait: (owner) => {
				waited = true;
				ctx.emit({ type: "claim_wait", index, name, pid: owner?.pid ?? null, timeoutMs });
			},
			onStale: (owner) => ctx.emit({ type: "lock_stale", path: lockPathFor(at), pid: owner?.pid ?? null }),
			onCompromised: (e) => ctx.emit({ type: "warning", message: ctx.m.lockLost({ path: lockPathFor(at), detail: e.message }) }),
		});
		return {
			release: async () => {
				await release();
				await sweepClaims(dirname(partPath), ctx.clock.now());
			},
			waited,
		};
	} catch (e) {
		// the claim cannot be made where the partial file goes: the download could not be written either
		if (!(e instanceof LockTimeoutError)) throw diskError(e, partPath) ?? e;
		const pid = String(e.owner?.pid ?? "?");
		throw new DownloadError("other", msg("errClaimBusy", { name, pid, path: lockPathFor(at) }), { cause: e });
	}
}

/**
 * How the history lock is taken (for each append, and once at the start): another run's append is
 * waited for up to the lock timeout, said only when it lasts (an append takes milliseconds).
 */
export function historyLockOptions(opts: RunChoices, clock: Clock, emit: (e: RunEvent) => void, signal?: AbortSignal): LockOptions {
	const lockFile = opts.settings.historyFile;
	const timeoutMs = opts.lock ? opts.lock.timeoutMs : DEFAULT_LOCK_TIMEOUT_MS;
	return {
		timeoutMs,
		clock,
		...(signal ? { signal } : {}),
		command: "civitai-dl",
		noticeAfterMs: 2000,
		onWait: (owner) => emit({ type: "lock_wait", path: lockPathFor(lockFile), pid: owner?.pid ?? null, timeoutMs }),
		onStale: (owner) => emit({ type: "lock_stale", path: lockPathFor(lockFile), pid: owner?.pid ?? null }),
		onCompromised: (e) =>
			emit({
				type: "warning",
				message: (opts.messages ?? messages(opts.lang ?? "en")).lockLost({ path: lockPathFor(lockFile), detail: e.message }),
			}),
	};
}
