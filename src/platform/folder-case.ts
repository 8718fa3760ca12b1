import { randomBytes } from "node:crypto";
import { lstat, open, readdir, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type NameCase, pathKey } from "../core/path-case.js";

/**
 * Whether a folder's file system tells names apart by case, found out on the disk: a name of a file
 * already in the folder is looked up with its ASCII letters' case swapped (found: one file, so
 * case-insensitive; not there: case-sensitive). A folder with no such name gets a probe file of ours,
 * created and removed at once. A folder that does not exist yet is answered by its nearest existing
 * ancestor (it will be made on that file system). Only when the disk cannot be asked (nothing there
 * can be read or written) is it guessed from the OS: Windows and macOS format their disks
 * case-insensitive.
 */
export async function probeNameCase(dir: string): Promise<NameCase> {
	const folder = await nearestFolder(resolve(dir));
	if (folder !== undefined) {
		const seen = (await fromNames(folder)) ?? (await withProbeFile(folder));
		if (seen !== undefined) return seen;
	}
	return osGuess();
}

export function osGuess(platform: NodeJS.Platform = process.platform): NameCase {
	return platform === "win32" || platform === "darwin" ? "insensitive" : "sensitive";
}

function swapAscii(name: string): string {
	return name.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

async function nearestFolder(dir: string): Promise<string | undefined> {
	for (let d = dir; ; d = dirname(d)) {
		const s = await stat(d).catch(() => undefined);
		if (s?.isDirectory()) return d;
		if (dirname(d) === d) return undefined;
	}
}

/** Asked with names already in the folder (nothing written); undefined when none can tell. */
async function fromNames(folder: string): Promise<NameCase | undefined> {
	const names = await readdir(folder).catch(() => [] as string[]);
	const listed = new Set(names);
	let tried = 0;
	for (const name of names) {
		const other = swapAscii(name);
		// a name with no letter, or whose other spelling is a file of its own, says nothing
		if (other === name || listed.has(other)) continue;
		if (++tried > 8) break;
		try {
			await lstat(join(folder, other));
			return "insensitive";
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === "ENOENT") return "sensitive";
		}
	}
	return undefined;
}

/** Asked with a probe file of our own, removed again; undefined when it cannot be made. */
async function withProbeFile(folder: string): Promise<NameCase | undefined> {
	const name = `.civitai-dl-case-${randomBytes(6).toString("hex")}.tmp`;
	const path = join(folder, name);
	try {
		await (await open(path, "wx")).close();
	} catch {
		return undefined;
	}
	try {
		return await lstat(join(folder, name.toUpperCase())).then(
			() => "insensitive" as const,
			() => "sensitive" as const,
		);
	} finally {
		await rm(path, { force: true }).catch(() => {});
	}
}

/**
 * A run's (or a command's) answers, each folder probed once: the keys under which two paths are one
 * file exactly when their folder's file system says so (see core/path-case.ts).
 */
export class FolderCases {
	private readonly known = new Map<string, NameCase>();
	private readonly asking = new Map<string, Promise<NameCase>>();

	constructor(private readonly probe: (dir: string) => Promise<NameCase> = probeNameCase) {}

	/** How the folder `dir` compares names (probed on its first question). */
	async of(dir: string): Promise<NameCase> {
		const d = resolve(dir);
		const known = this.known.get(d);
		if (known) return known;
		let asking = this.asking.get(d);
		if (!asking) {
			asking = this.probe(d).then((c) => {
				this.known.set(d, c);
				return c;
			});
			this.asking.set(d, asking);
		}
		return asking;
	}

	/** Probe the folders of these paths (each once). */
	async learn(paths: Iterable<string>): Promise<void> {
		await Promise.all([...new Set([...paths].map((p) => dirname(resolve(p))))].map((d) => this.of(d)));
	}

	/** The key of `path` (its folder probed before; one not probed is keyed as the OS guesses). */
	keyOf(path: string): string {
		return pathKey(path, this.known.get(dirname(resolve(path))) ?? osGuess());
	}

	/** The key of `path`, its folder probed first if need be. */
	async keyFor(path: string): Promise<string> {
		await this.of(dirname(resolve(path)));
		return this.keyOf(path);
	}
}
