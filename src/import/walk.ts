import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isModelFile } from "../core/import-plan.js";

/** A file found on disk. */
export interface FoundFile {
	path: string;
	size: number;
	mtimeMs: number;
}

/**
 * Every model file under `folders` (recursively; absolute paths, each once). Symlinked files are
 * followed, symlinked folders are not (no loops). A folder that cannot be read is reported through
 * `onUnreadable` and left out; a missing top folder is simply empty.
 */
export async function findModelFiles(folders: readonly string[], onUnreadable: (path: string, code: string) => void): Promise<FoundFile[]> {
	const out = new Map<string, FoundFile>();
	const walk = async (dir: string, top: boolean): Promise<void> => {
		let entries: Dirent[];
		try {
			entries = await readdir(dir, { withFileTypes: true });
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code ?? "?";
			if (!(top && code === "ENOENT")) onUnreadable(dir, code);
			return;
		}
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const d of entries) {
			const path = join(dir, d.name);
			if (d.isDirectory()) await walk(path, false);
			else if ((d.isFile() || d.isSymbolicLink()) && isModelFile(d.name) && !out.has(path)) {
				const s = await stat(path).catch(() => undefined);
				if (s?.isFile()) out.set(path, { path, size: s.size, mtimeMs: s.mtimeMs });
			}
		}
	};
	for (const f of folders) await walk(resolve(f), true);
	return [...out.values()];
}
