import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { constants } from "node:fs";
import nodeFs from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { WriteError, type WriteRefusal } from "../errors.js";
import { cannotSync } from "./fs.js";
import { type FsRetryOptions, renameRetrying } from "./fs-retry.js";

/**
 * Write a whole file under its name, or nothing: the bytes go to a new temporary file beside it
 * (created exclusively, never through a link), every byte is written (a write that takes only part
 * is continued, one that makes no progress is a full disk), the file is flushed to the disk, then
 * renamed over the name. A failure removes the temporary file and leaves the name as it was.
 *
 * Why not the `write-file-atomic` package: it does one `write` and ignores a short count (a nearly
 * full disk installed a torn file as complete), and it resolves a symlink at the name and replaces
 * the link's target.
 */

/** The file-system calls used (tests pass ones that write short or fail). */
export type AtomicFs = Pick<typeof nodeFs, "lstat" | "realpath" | "stat" | "open" | "rename" | "rm">;

export interface AtomicWriteOptions {
	/** The new file's mode; default: the replaced file's, else 0o666 less the umask. */
	mode?: number;
	/**
	 * A symlink at the name: "refuse" (default: a WriteError, nothing written) or "follow" (the
	 * file it names is replaced, for paths the user chose themselves: the history, the config).
	 */
	links?: "refuse" | "follow";
	/** Flush the file before the rename (default true; where the file system cannot, the bytes are written as before). */
	fsync?: boolean;
	fs?: AtomicFs;
	/** How a rename held up for a moment (an antivirus on Windows) is tried again: see fs-retry.ts. */
	retry?: Omit<FsRetryOptions, "fs">;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;

/** Write errors that mean the file cannot be written whole here. */
const REFUSALS: Record<string, WriteRefusal> = { ENOSPC: "full", EDQUOT: "full", EFBIG: "too_big" };

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
	const fs = opts.fs ?? nodeFs;
	let target = path;
	let there = await lstatOf(fs, path);
	if (there?.isSymbolicLink()) {
		if (opts.links !== "follow") throw new WriteError("link", path);
		// a dangling link: replaced by the file, as a missing file would be
		target = await fs.realpath(path).catch(() => path);
		there = target === path ? undefined : await lstatOf(fs, target);
	}
	const keep = there?.isFile() ? there : undefined;
	const mode = opts.mode ?? (keep ? keep.mode & 0o7777 : 0o666);
	const bytes = typeof data === "string" ? Buffer.from(data) : data;
	const { tmp, fh } = await createTemp(fs, target, mode);
	let closed = false;
	try {
		// the mode exactly (the umask would narrow it), and the owner of the file it replaces: best effort
		if (opts.mode !== undefined || keep) await fh.chmod(mode).catch(() => {});
		if (keep && process.getuid?.() === 0) await fh.chown(keep.uid, keep.gid).catch(() => {});
		for (let done = 0; done < bytes.length; ) {
			const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, done);
			// a write that takes nothing would loop for ever: the disk has no room for it
			if (bytesWritten <= 0) throw Object.assign(new Error(`ENOSPC: no progress writing ${tmp}`), { code: "ENOSPC", syscall: "write" });
			done += bytesWritten;
		}
		if (opts.fsync !== false) {
			await fh.sync().catch((e: unknown) => {
				if (!cannotSync(e)) throw e;
			});
		}
		closed = true;
		await fh.close();
		await renameRetrying(tmp, target, { ...opts.retry, fs });
	} catch (e) {
		if (!closed) await fh.close().catch(() => {});
		await fs.rm(tmp, { force: true }).catch(() => {});
		throw refusalOf(e, path) ?? e;
	}
}

/** A ENOSPC, EDQUOT or EFBIG as the WriteError that says what happened; undefined for any other error. */
export function refusalOf(e: unknown, path: string): WriteError | undefined {
	if (e instanceof WriteError) return e;
	const code = (e as NodeJS.ErrnoException | null)?.code;
	const r = code === undefined ? undefined : REFUSALS[code];
	return r ? new WriteError(r, path, e) : undefined;
}

async function lstatOf(fs: AtomicFs, path: string): Promise<Stats | undefined> {
	try {
		return await fs.lstat(path);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
		throw e;
	}
}

/** Longest temporary name part taken from the file's own name (the whole stays within 255 bytes). */
const NAME_BYTES = 200;

/** A new file beside `target`, opened for writing; a name someone else holds (even a link) is never used. */
async function createTemp(fs: AtomicFs, target: string, mode: number) {
	const stem = cutToBytes(basename(target), NAME_BYTES);
	for (let attempt = 0; ; attempt++) {
		const tmp = join(dirname(target), `${stem}.${randomBytes(4).toString("hex")}.tmp`);
		try {
			return { tmp, fh: await fs.open(tmp, CREATE_NEW, mode) };
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 20) throw refusalOf(e, target) ?? e;
		}
	}
}

function cutToBytes(s: string, max: number): string {
	if (Buffer.byteLength(s) <= max) return s;
	let out = "";
	for (const ch of s) {
		if (Buffer.byteLength(out + ch) > max) break;
		out += ch;
	}
	return out;
}
