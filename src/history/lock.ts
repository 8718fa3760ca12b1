import { createHash, randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { type LockOwner, LockTimeoutError } from "../errors.js";
import type { Clock } from "../platform/clock.js";
import { cleanUp, MTIME_GRAIN_MS, OWNER_FILE as OWNER, removeReleased } from "./lock-aside.js";
import { OWN_START, ownerHere, parseOwner } from "./lock-owner.js";

export { type LockOwner, LockTimeoutError };

export interface LockOptions {
	/** Give up after waiting this long (ms); 0 = do not wait. */
	timeoutMs: number;
	clock: Clock;
	signal?: AbortSignal;
	/** Called once when the lock is busy and we start waiting (once the wait has lasted `noticeAfterMs`). */
	onWait?: (owner: LockOwner | null) => void;
	/** Tell `onWait` only when the wait lasts this long (ms; default 0: at once). A lock held for one append is no news. */
	noticeAfterMs?: number;
	/** Called when a dead process's lock was taken over (by this waiter: once per take-over). */
	onStale?: (owner: LockOwner | null) => void;
	/** Called if another process removed our lock while we held it. */
	onCompromised?: (e: Error) => void;
	/** A lock whose heartbeat is older than this is stale even when its owner cannot be checked (another host). */
	staleMs?: number;
	pollMs?: number;
	command?: string;
	/** false: the folder the lock goes in is there already (the caller made it); default: it is made. */
	makeFolder?: boolean;
	/**
	 * false: the caller sweeps what take-overs set aside beside the lock itself (the per-file claims, a
	 * folder at a time); default: taking the lock sweeps them, at most once per `staleMs` for each lock.
	 */
	sweep?: boolean;
}

export type Release = () => Promise<void>;

export function lockPathFor(file: string): string {
	return `${file}.lock`;
}

/*
 * The lock is the folder `<file>.lock` holding `owner.json` (pid, host, start, command, a random
 * token, and where the system tells it the process's start). A holder touches the folder's mtime (its
 * heartbeat) every `staleMs / 3`, read with a 2 s grain (`MTIME_GRAIN_MS`).
 *
 * - Taking it: the folder is made complete under a name of our own (`.lock.new-<token>`, with the owner
 *   file in it) and renamed to `<file>.lock`. A rename onto a folder that has a file in it fails, so of
 *   any number of takers one wins, and a lock is never seen without its owner file.
 * - Taking over a dead one (its pid gone from this host or now another process's, or, when this host
 *   cannot tell that its owner is alive, its heartbeat older than `staleMs`; a run stopped with Ctrl-Z
 *   is alive and keeps its lock): the
 *   waiter renames the folder aside to a name made from its owner file (`.lock.stale-<hash>`), then takes
 *   it as above. Every waiter that judged the same dead owner renames to that same name, and a rename
 *   onto it (it now holds the dead owner's file) fails: only one of them moves anything, and a lock
 *   another waiter has just taken is never moved, whoever judged what when. (Removing the folder, as
 *   before, could delete a lock another waiter had just taken: two owners.) An empty folder (from an
 *   older version) is removed with rmdir, which removes only an empty folder, so never one of ours; one
 *   with other things in it but no owner file is named by its inode and mtime instead. The folders set
 *   aside are deleted once they are older than `staleMs`.
 */

export { MTIME_GRAIN_MS };

/** What a waiter saw at the lock: its owner file (raw and parsed), its heartbeat's age, and whether the folder is empty. */
interface Seen {
	raw: string | null;
	owner: LockOwner | null;
	ageMs: number | undefined;
	empty: boolean;
	/** The folder's inode and mtime: what names a lock folder without an owner file. */
	ino: number;
	mtimeMs: number;
}

async function readRaw(path: string): Promise<string | null> {
	try {
		return await readFile(path, "utf8");
	} catch {
		return null;
	}
}

/** The lock as it is now; undefined when there is none. */
async function look(lockDir: string, now: number): Promise<Seen | undefined> {
	let s: { ino: number; mtimeMs: number };
	try {
		s = await stat(lockDir);
	} catch {
		return undefined;
	}
	const raw = await readRaw(join(lockDir, OWNER));
	const empty = raw === null && (await readdir(lockDir).catch(() => [""])).length === 0;
	return { raw, owner: parseOwner(raw), ageMs: now - s.mtimeMs, empty, ino: s.ino, mtimeMs: s.mtimeMs };
}

/** A rename onto a folder with a file in it: the lock was there (it may be gone again by now). */
const TAKEN = new Set(["EEXIST", "ENOTEMPTY"]);
/** What Windows says for a rename onto any folder: busy only if a lock is there. */
const MAYBE_TAKEN = new Set(["EPERM", "EACCES", "EBUSY"]);

/** Make the lock folder complete beside it (its heartbeat at `now`) and rename it into place; false when another holds it. */
async function create(lockDir: string, raw: string, token: string, now: Date): Promise<boolean> {
	const fresh = `${lockDir}.new-${token}`;
	await mkdir(fresh);
	try {
		await writeFile(join(fresh, OWNER), raw);
		await utimes(fresh, now, now);
		await rename(fresh, lockDir);
		return true;
	} catch (e) {
		await rm(fresh, { recursive: true, force: true });
		const code = (e as NodeJS.ErrnoException).code ?? "";
		if (TAKEN.has(code)) return false;
		if (MAYBE_TAKEN.has(code) && (await stat(lockDir).catch(() => null)) !== null) return false;
		throw e;
	}
}

/**
 * Move the dead lock `seen` out of the way; true when this waiter did it (it may then take the lock).
 * See the comment at the top: the name it goes to is the dead owner's, so only one waiter moves it.
 */
async function setAside(lockDir: string, seen: Seen, now: Date): Promise<boolean> {
	if (seen.raw === null && seen.empty) {
		return rmdir(lockDir).then(
			() => true,
			() => false,
		);
	}
	// named by its owner file, or (a folder with other things in it and no owner file) by inode and mtime
	const identity = seen.raw ?? `${seen.ino}:${seen.mtimeMs}`;
	const aside = `${lockDir}.stale-${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
	try {
		await rename(lockDir, aside);
	} catch {
		return false; // gone, or already set aside by another waiter (the name is taken)
	}
	const moved =
		seen.raw === null
			? await stat(aside).then(
					(x) => `${x.ino}:${x.mtimeMs}`,
					() => null,
				)
			: await readRaw(join(aside, OWNER));
	if (moved !== identity) {
		// the dead lock's owner released it after all and another took the folder's place: give it back
		await rename(aside, lockDir).catch(() => {});
		return false;
	}
	// the folder set aside now says when, for the clean-up (its mtime was the dead heartbeat's)
	await utimes(aside, now, now).catch(() => {});
	return true;
}

/** Locks this process holds, released when it exits without releasing them (an uncaught error, process.exit). */
const held = new Map<string, string>();
let exitHookSet = false;

function releaseAtExit(): void {
	for (const [lockDir, raw] of held) {
		try {
			if (readFileSync(join(lockDir, OWNER), "utf8") !== raw) continue;
			const gone = `${lockDir}.released-${randomBytes(8).toString("hex")}`;
			renameSync(lockDir, gone);
			rmSync(gone, { recursive: true, force: true });
		} catch {
			// nothing more can be done while exiting
		}
	}
}

/** Hold the lock: the heartbeat (on the clock), the check that it is still ours, and the release. */
function hold(lockDir: string, raw: string, token: string, staleMs: number, opts: LockOptions): Release {
	held.set(lockDir, raw);
	if (!exitHookSet) {
		exitHookSet = true;
		process.once("exit", releaseAtExit);
	}
	let stopped = false;
	let beating = false;
	const ours = async () => (await readRaw(join(lockDir, OWNER))) === raw;
	const stop = () => {
		stopped = true;
		stopBeats();
		held.delete(lockDir);
	};
	const beat = async () => {
		if (stopped || beating) return;
		beating = true;
		try {
			if (!(await ours())) {
				if (stopped) return;
				stop();
				opts.onCompromised?.(new Error(`the lock ${lockDir} was removed or taken by another process`));
				return;
			}
			const now = new Date(opts.clock.now());
			await utimes(lockDir, now, now).catch(() => {});
		} finally {
			beating = false;
		}
	};
	const stopBeats = opts.clock.every(Math.max(1000, Math.floor(staleMs / 3)), () => void beat());
	if (opts.sweep !== false) void cleanUp(lockDir, staleMs, opts.clock.now());
	return async () => {
		if (stopped) return;
		stop();
		// only our own lock is removed: renamed away first, so nobody sees it half deleted
		if (!(await ours())) return;
		const gone = `${lockDir}.released-${token}`;
		await rename(lockDir, gone).catch(() => {});
		await removeReleased(gone);
	};
}

/**
 * Take the lock beside `file` (`<file>.lock`), waiting for another process up to `timeoutMs`. A lock
 * whose owner died on this host is taken over at once; one whose heartbeat stopped for `staleMs` (plus
 * the `MTIME_GRAIN_MS` a coarse file system may round it by) is taken over too. Resolves to the release function.
 */
export async function acquireLock(file: string, opts: LockOptions): Promise<Release> {
	const lockDir = lockPathFor(file);
	const staleMs = opts.staleMs ?? 30_000;
	const pollMs = opts.pollMs ?? 250;
	if (opts.makeFolder !== false) await mkdir(dirname(file), { recursive: true });
	const token = randomBytes(8).toString("hex");
	const me = {
		pid: process.pid,
		host: hostname(),
		startedAt: new Date(opts.clock.now()).toISOString(),
		command: opts.command ?? "",
		token,
		...(OWN_START === undefined ? {} : { procStart: OWN_START }),
	};
	const raw = JSON.stringify(me);
	const deadline = opts.clock.now() + opts.timeoutMs;
	let waited = false;
	let firstBusy: number | undefined;
	for (;;) {
		const seen = await look(lockDir, opts.clock.now());
		if (seen === undefined) {
			if (await create(lockDir, raw, token, new Date(opts.clock.now()))) return hold(lockDir, raw, token, staleMs, opts);
			continue; // another took it first: look at theirs
		}
		const state = ownerHere(seen.owner, seen.raw);
		if (state === "dead" || (state === "unknown" && seen.ageMs !== undefined && seen.ageMs > staleMs + MTIME_GRAIN_MS)) {
			if (await setAside(lockDir, seen, new Date(opts.clock.now()))) {
				opts.onStale?.(seen.owner);
				continue;
			}
		}
		if (opts.clock.now() >= deadline) throw new LockTimeoutError(lockDir, seen.owner, opts.timeoutMs);
		// a lock of an older version may be without its owner file for a moment: give it that moment, so
		// that the message can name the other process
		firstBusy ??= opts.clock.now();
		const busyFor = opts.clock.now() - firstBusy;
		if (!waited && (seen.owner !== null || busyFor >= 1000) && busyFor >= (opts.noticeAfterMs ?? 0)) {
			waited = true;
			opts.onWait?.(seen.owner);
		}
		await opts.clock.sleep(Math.min(pollMs, Math.max(1, deadline - opts.clock.now())), opts.signal);
	}
}
