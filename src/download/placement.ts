import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { ResolvedItem } from "../civitai/resolve.js";
import type { Settings } from "../config/load.js";
import type { Category } from "../core/categories.js";
import { safeFileName } from "../core/file-name.js";
import { tooBigFor } from "../core/file-systems.js";
import { type FolderLayout, folderFor } from "../core/folder-layout.js";
import { formatBytes } from "../core/format.js";
import { fileInFolder } from "../core/inside-folders.js";
import { DownloadError } from "../errors.js";
import type { HistoryRow } from "../history/columns.js";
import { msg } from "../i18n/msg.js";
import { FolderCases } from "../platform/folder-case.js";

/** Where a resolved item goes. */
export interface Placed {
	resolved: ResolvedItem;
	category: Category;
	dir: string;
	name: string;
	path: string;
}

/**
 * The folder: `--output`, else the folder the history recorded, else the category's (in it the base
 * model's subfolder with `folder_layout` `{type}/{base_model}`). The name: the one the history
 * recorded when its folder is used (a file the user renamed, or one named apart from another
 * version's, comes back as it was), else the API's, made safe.
 */
export function place(
	resolved: ResolvedItem,
	row: HistoryRow | undefined,
	opts: {
		output?: string | undefined;
		category?: Category | undefined;
		downloadPaths: Settings["downloadPaths"];
		folderLayout?: FolderLayout | undefined;
	},
): Placed {
	const category = opts.category ?? resolved.category;
	const recordedDir = row?.path ? dirname(row.path) : undefined;
	const typeDir = () => folderFor(opts.downloadPaths[category], resolved.version?.baseModel, opts.folderLayout ?? "{type}");
	const dir = opts.output ?? recordedDir ?? typeDir();
	const apiName = safeFileName(resolved.fileName, `${resolved.versionId}-${resolved.fileId}.bin`);
	const name = opts.output === undefined && row?.path ? safeFileName(basename(row.path), apiName) : apiName;
	return { resolved, category, dir, name, path: fileInFolder(dir, name) };
}

/**
 * Two different files must never land on one path in a run: a claim on another's path is refused
 * (download/same-name.ts asks `ownerOf` first and picks a distinct name instead).
 */
export class PathClaims {
	private readonly owners = new Map<string, string>();

	/** `cases`: the run's answers of how each folder compares names (a folder is probed before its paths are claimed). */
	constructor(private readonly cases: FolderCases = new FolderCases()) {}

	/** The key (`versionId:fileId`) that claimed `path` in this run, if any (on a case-insensitive folder, in any case). */
	ownerOf(path: string): string | undefined {
		return this.owners.get(this.cases.keyOf(path));
	}

	claim(path: string, key: string): void {
		const owner = this.ownerOf(path);
		if (owner !== undefined && owner !== key) throw new DownloadError("other", msg("errSamePath", { path }));
		this.owners.set(this.cases.keyOf(path), key);
	}
}

/** What is at `path` (links followed); undefined when nothing is. */
export async function statOf(path: string): Promise<Stats | undefined> {
	try {
		return await stat(path);
	} catch {
		return undefined;
	}
}

export async function fileSize(path: string): Promise<number | undefined> {
	const s = await statOf(path);
	return s?.isFile() ? s.size : undefined;
}

/** Bytes a (possibly sparse) partial file really occupies; 0 when there is none. */
async function allocatedBytes(path: string): Promise<number> {
	try {
		const s = await stat(path);
		return s.blocks >= 0 ? Math.min(s.size, s.blocks * 512) : s.size;
	} catch {
		return 0;
	}
}

/**
 * Refuse to start a file that cannot fit: the bytes still to come (the API's size minus what the
 * partial already holds on disk) against the free space of the target's file system (`free`,
 * undefined where the platform cannot tell: no check). `--force` does not override this. A folder
 * where the file should go (`folderAtPath`, from the look at the final path just before) is refused
 * here too, and so is a file bigger than the folder's file system holds (`maxFile`: FAT32's 4 GiB,
 * when the file system is known to be FAT). `locale` formats the sizes in the message.
 */
export async function preflight(
	p: Placed,
	partPath: string,
	expected: number | undefined,
	locale: string,
	seen: { free: number | undefined; folderAtPath: boolean; maxFile?: number | undefined },
): Promise<void> {
	// a folder under the file's name: fail now, not after the whole download
	if (seen.folderAtPath) throw new DownloadError("disk", msg("errDiskIsDir", { path: p.path }));
	if (tooBigFor(expected, seen.maxFile)) {
		throw new DownloadError("disk", msg("errFat32Limit", { name: p.name, dir: p.dir, size: formatBytes(expected!, locale) }));
	}
	const { free } = seen;
	// all of the file fits: what a partial holds need not be asked
	if (expected === undefined || free === undefined || expected <= free) return;
	const need = expected - (await allocatedBytes(partPath));
	if (need > free) {
		throw new DownloadError(
			"disk",
			msg("errNoSpace", { name: p.name, dir: p.dir, need: formatBytes(need, locale), free: formatBytes(free, locale) }),
		);
	}
}
