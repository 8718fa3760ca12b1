import { basename, dirname, join, resolve } from "node:path";
import { safeFileName } from "../core/file-name.js";
import { insideAny, printable } from "../core/inside-folders.js";
import { realPathOf } from "./real-path.js";
import type { RunContext, RunItem } from "./run-context.js";

/** The download folders of a run, resolved through symlinks (worked out once per run). */
const foldersOf = new WeakMap<RunContext, Promise<string[]>>();

function downloadFolders(ctx: RunContext): Promise<string[]> {
	let folders = foldersOf.get(ctx);
	if (!folders) {
		const { downloadPaths, root } = ctx.settings;
		const all = [...Object.values(downloadPaths), ...(root ? [root] : [])];
		folders = Promise.all(all.map(async (f) => (await realPathOf(f)) ?? resolve(f)));
		foldersOf.set(ctx, folders);
	}
	return folders;
}

/**
 * A row from someone else's CSV: its folder is used only when it lies (after symlinks) inside a
 * download folder, then as an absolute, normalised path. Otherwise the path is dropped, so the file
 * goes to its category folder and only that path is recorded, and a warning says why.
 */
export async function withTrustedPath(ctx: RunContext, item: RunItem): Promise<RunItem> {
	const path = item.row?.path;
	if (!item.untrustedPath || !item.row || !path) return item;
	const dir = resolve(dirname(path));
	const real = await realPathOf(dir);
	if (real !== undefined && insideAny(real, await downloadFolders(ctx))) {
		// `dir` is the folder that was checked: the name cannot lead out of it (`..` becomes a plain name)
		return { ...item, row: { ...item.row, path: join(dir, safeFileName(basename(path))) } };
	}
	// with --output the row's folder is not used anyway: nothing to warn about
	if (ctx.opts.output === undefined) {
		ctx.emit({ type: "warning", message: ctx.m.warnPathOutside({ path: printable(path), name: printable(item.label) }) });
	}
	return { ...item, row: { ...item.row, path: "" } };
}
