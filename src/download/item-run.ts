import type { Sha256 } from "../core/sha256.js";
import type { HistoryRow } from "../history/columns.js";
import { localTimestamp } from "../history/columns.js";
import type { Attempts } from "./item-retries.js";
import type { Placed } from "./placement.js";
import type { RunContext, RunItem } from "./run-context.js";

/** Where an item stands: filled in as it goes, so that a failure's row says as much as is known. */
export interface ItemRun {
	index: number;
	item: RunItem;
	force: boolean;
	attempts: Attempts;
	placed?: Placed;
	/** A folder stands at the placed path (seen when it was looked at for a file already there). */
	folderAtPath?: boolean;
	/** The most bytes of the file the transfer has reported so far (progress gives the retry ladders back). */
	reached: number;
	/** The name the file's other names derive from (`<stem>_<versionId>`...): the API's, or the storage's. */
	baseName?: string;
}

export function historyRow(p: Placed, sha256: Sha256 | "", bytes: number, now: Date, url: string): HistoryRow {
	return {
		timestamp: localTimestamp(now),
		model_type: p.category,
		url,
		filename: p.name,
		model_id: String(p.resolved.modelId || ""),
		version_id: String(p.resolved.versionId),
		file_id: String(p.resolved.fileId),
		size_bytes: String(bytes),
		sha256,
		path: p.path,
	};
}

export function skipOrPlan(
	ctx: RunContext,
	index: number,
	p: { name: string; category: string; path: string },
	sizeBytes: number | null,
): void {
	if (ctx.opts.dryRun) ctx.emit({ type: "plan", index, ...p, action: "skip", sizeBytes });
	else ctx.emit({ type: "skip", index, name: p.name, path: p.path, reason: "exists" });
}
