import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open } from "node:fs/promises";
import type { PartialState } from "../core/resume.js";
import { DownloadError, WriteError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { removeRetrying } from "../platform/fs-retry.js";

/** Write errors that are the disk's (or the folder's) doing, each with the sentence that says what to do. */
const DISK_MESSAGES: Record<string, (path: string, code: string) => Msg> = {
	ENOSPC: (path) => msg("errDiskFull", { path }),
	EDQUOT: (path) => msg("errDiskFull", { path }),
	EACCES: (path) => msg("errDiskDenied", { path }),
	EPERM: (path) => msg("errDiskDenied", { path }),
	EROFS: (path) => msg("errDiskReadOnly", { path }),
	EISDIR: (path) => msg("errDiskIsDir", { path }),
	ENOTDIR: (path) => msg("errDiskNotDir", { path }),
	EFBIG: (path) => msg("errFileTooBig", { path }),
	EMFILE: (path, code) => msg("errDisk", { path, code }),
};

/**
 * A write error as a `disk` failure that says what to do, or undefined when it is not one. A file
 * not written whole (WriteError) keeps its own words, and the system's error as its cause.
 */
export function diskError(e: unknown, path: string): DownloadError | undefined {
	if (e instanceof WriteError) return new DownloadError("disk", e.msg, { cause: e.cause ?? e });
	const code = (e as NodeJS.ErrnoException)?.code;
	const said = code === undefined ? undefined : DISK_MESSAGES[code];
	return said ? new DownloadError("disk", said(path, code!), { cause: e }) : undefined;
}

/**
 * A regular file that is ours alone: not a link, and no other name for it (a hard link planted as
 * `.part` to another file would have the download written into that file).
 */
function ownFile(s: Stats): boolean {
	return s.isFile() && s.nlink <= 1;
}

/** What is at `path`, without following a link there (a file with another name counts as not regular); undefined when nothing is. */
export async function partialState(path: string): Promise<PartialState | undefined> {
	try {
		const s = await lstat(path);
		return { size: s.size, regular: ownFile(s) };
	} catch {
		return undefined;
	}
}

/**
 * Remove whatever is at `path` unless it is a regular file of its own (a symlink or hard link planted
 * as `.part` is never written through). Returns the size of the regular file left there, or undefined when none is.
 */
export async function keepOnlyRegular(path: string): Promise<number | undefined> {
	const state = await partialState(path);
	if (state === undefined) return undefined;
	if (state.regular) return state.size;
	await removePartial(path);
	return undefined;
}

/** Remove a partial (or state) file, or the link standing in its place; a folder there is left to fail on open. */
export async function removePartial(path: string): Promise<void> {
	try {
		await removeRetrying(path);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== "ERR_FS_EISDIR") throw e;
	}
}

// not on Windows, where links are not followed by these opens the same way
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NEW = constants.O_CREAT | constants.O_EXCL;
const FLAGS = {
	/** write from byte 0 into a new file (what was there is removed first) */
	create: constants.O_WRONLY | NEW,
	/** read and write from byte 0 in a new file (what was there is removed first) */
	createReadWrite: constants.O_RDWR | NEW,
	/** read and write what is there */
	resume: constants.O_RDWR,
} as const;

/**
 * Open a partial file without following a symlink at its path; disk errors say what to do. A new
 * one replaces what was there by removing the name and creating the file exclusively, never by
 * emptying it in place (the name may have become a hard link to another file meanwhile). One
 * resumed must be a file of its own: one that has another name too is refused unwritten.
 */
export async function openPartial(path: string, how: keyof typeof FLAGS): Promise<FileHandle> {
	for (let attempt = 0; ; attempt++) {
		let fh: FileHandle;
		try {
			// the name is removed only when something is there: the usual new file costs one open
			if (how !== "resume" && attempt > 0) await removePartial(path);
			fh = await open(path, FLAGS[how] | NOFOLLOW, 0o666);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			// something is at the name (an older partial, a link, one created by someone else between the
			// removal and the open): removed, then again, a few times
			if (code === "EEXIST" && attempt < 3 && !(await lstat(path).catch(() => undefined))?.isDirectory()) continue;
			throw diskError(code === "EEXIST" ? Object.assign(e as Error, { code: "EISDIR" }) : e, path) ?? e;
		}
		if (how === "resume" && !ownFile(await fh.stat())) {
			await fh.close().catch(() => {});
			throw new DownloadError("disk", msg("errPartialLinked", { path }));
		}
		return fh;
	}
}
