import { mkdir, statfs } from "node:fs/promises";
import { resolve } from "node:path";
import type { Settings } from "../config/load.js";
import { maxFileBytes } from "../core/file-systems.js";
import { diskError } from "./partial-file.js";
import { realPathOf } from "./real-path.js";

/**
 * The folders a run puts files in, each made once: a `mkdir` before every file (200 files in one
 * folder: 200 hand-offs to the thread pool, 199 of them failing with EEXIST) is left to the first.
 * The free-space question asked before every file anyway doubles as the check that a folder made
 * earlier is still there: one removed during the run is made again, as before.
 */
export class RunFolders {
	/** Folder → its making (shared by lanes that ask at once); a failed one is tried again next time. */
	private readonly made = new Map<string, Promise<void>>();
	private resolved: Promise<string[]> | undefined;
	/** Folder → the largest file its file system holds (learnt with the free space, by the same question). */
	private readonly limits = new Map<string, number | undefined>();

	constructor(private readonly settings: Pick<Settings, "downloadPaths"> & { root?: string | null | undefined }) {}

	/** The download folders (and the layout's root), resolved through symlinks: worked out once per run. */
	downloadFolders(): Promise<string[]> {
		if (!this.resolved) {
			const { downloadPaths, root } = this.settings;
			const all = [...Object.values(downloadPaths), ...(root ? [root] : [])];
			this.resolved = Promise.all(all.map(async (f) => (await realPathOf(f)) ?? resolve(f)));
		}
		return this.resolved;
	}

	/** Make `dir` (and its parents) unless this run already has; then its free space (undefined: unknown). */
	async ready(dir: string): Promise<number | undefined> {
		await this.make(dir);
		let space = await freeBytes(dir);
		if (space === "missing") {
			this.made.delete(dir);
			await this.make(dir);
			space = await freeBytes(dir);
		}
		if (space === "missing" || space === undefined) return undefined;
		this.limits.set(dir, maxFileBytes(space.type, process.platform));
		return space.free;
	}

	/** The largest file `dir`'s file system holds (FAT32: 4 GiB less a byte), as its last `ready` found; undefined: no limit known. */
	maxFileBytes(dir: string): number | undefined {
		return this.limits.get(dir);
	}

	/** Make `dir` (and its parents) unless this run already has. */
	make(dir: string): Promise<void> {
		let making = this.made.get(dir);
		if (!making) {
			making = make(dir);
			this.made.set(dir, making);
			making.catch(() => this.made.delete(dir));
		}
		return making;
	}
}

async function make(dir: string): Promise<void> {
	try {
		await mkdir(dir, { recursive: true });
	} catch (e) {
		throw diskError(e, dir) ?? e;
	}
}

/** Free bytes for an unprivileged user on the file system holding `dir`, and its type: undefined when unknown, "missing" when `dir` is not there. */
async function freeBytes(dir: string): Promise<{ free: number; type: number } | undefined | "missing"> {
	try {
		const s = await statfs(dir);
		return { free: s.bavail * s.bsize, type: s.type };
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : undefined;
	}
}
