import { basename, dirname, join, resolve } from "node:path";
import { safeFileName } from "../core/file-name.js";
import { insideAny, printable } from "../core/inside-folders.js";
import { realPathOf } from "./real-path.js";
import type { RunContext, RunItem } from "./run-context.js";

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
	if (real !== undefined && insideAny(real, await ctx.folders.downloadFolders())) {
		// `dir` is the folder that was checked: the name cannot lead out of it (`..` becomes a plain name)
		return { ...item, row: { ...item.row, path: join(dir, safeFileName(basename(path))) } };
	}
	// with --output the row's folder is not used anyway: nothing to warn about
	if (ctx.opts.output === undefined) {
		ctx.emit({ type: "warning", message: ctx.m.warnPathOutside({ path: printable(path), name: printable(item.label) }) });
	}
	return { ...item, row: { ...item.row, path: "" } };
}
