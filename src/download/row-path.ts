import { stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { safeFileName } from "../core/file-name.js";
import { insideAny, printable } from "../core/inside-folders.js";
import { folderSpelling } from "../core/path-case.js";
import { realPathOf } from "./real-path.js";
import type { RunContext, RunItem } from "./run-context.js";

/**
 * A row from someone else's CSV: its folder is used only when it lies (after symlinks) inside a
 * download folder (compared as that folder's file system compares names: `/mnt/usb/LORA` is
 * `/mnt/usb/lora` on exFAT), then as an absolute, normalised path. Otherwise the path is dropped, so the file
 * goes to its category folder and only that path is recorded, and a warning says why.
 */
export async function withTrustedPath(ctx: RunContext, item: RunItem): Promise<RunItem> {
	const path = item.row?.path;
	if (!item.untrustedPath || !item.row || !path) return item;
	const dir = resolve(dirname(path));
	const real = await realPathOf(dir);
	if (real !== undefined && (await insideDownloadFolder(ctx, real))) {
		// `dir` is the folder that was checked: the name cannot lead out of it (`..` becomes a plain name)
		return { ...item, row: { ...item.row, path: join(dir, safeFileName(basename(path))) } };
	}
	// with --output the row's folder is not used anyway: nothing to warn about
	if (ctx.opts.output === undefined) {
		ctx.emit({ type: "warning", message: ctx.m.warnPathOutside({ path: printable(path), name: printable(item.label) }) });
	}
	return { ...item, row: { ...item.row, path: "" } };
}

/**
 * Inside a download folder as written, or, where that folder's file system ignores case, as it
 * compares names: the spelling of the folder in `real` must then be that very folder on the disk
 * (the same file system), so that a difference above the case-insensitive mount does not count.
 */
async function insideDownloadFolder(ctx: RunContext, real: string): Promise<boolean> {
	const folders = await ctx.folders.downloadFolders();
	if (insideAny(real, folders)) return true;
	for (const folder of folders) {
		const spelling = folderSpelling(real, folder);
		if (spelling === undefined || (await ctx.cases.of(folder)) !== "insensitive") continue;
		if (await sameFolder(spelling, folder)) return true;
	}
	return false;
}

/** Whether two spellings name one folder: both are folders on one file system, and that file system ignores case. */
async function sameFolder(a: string, b: string): Promise<boolean> {
	const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
	return x !== undefined && y !== undefined && x.isDirectory() && y.isDirectory() && x.dev === y.dev;
}
