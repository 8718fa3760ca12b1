import { lstat } from "node:fs/promises";
import { vouchedFor } from "../core/collision.js";
import { decidePlaced, type PlacedFacts } from "../core/item-decision.js";
import type { Sha256 } from "../core/sha256.js";
import { hashFile } from "./hasher.js";
import { historyRow, type ItemRun, skipOrPlan } from "./item-run.js";
import { type Placed, statOf } from "./placement.js";
import type { RunContext } from "./run-context.js";
import { claimFreeName, fileKeyOf } from "./same-name.js";

/**
 * Where an item's file goes among the files already there. A file the history records for this
 * item (or with no version to tell) is ours: skipped when it is this file, replaced otherwise. One
 * it has no row for is the user's (or another tool's): adopted and recorded when its SHA-256 is this
 * file's, else left alone, the download taking the next name (`<stem>_<versionId>.<ext>`) with a
 * warning. Only --force replaces it.
 */

/**
 * The file at the final path: skip it, record it (there but never recorded), go on to download, or
 * pass it by ("elsewhere": a file that is not ours, and not this one, stays where it is).
 */
async function settledOnDisk(ctx: RunContext, r: ItemRun, p: Placed): Promise<"settled" | "download" | "elsewhere"> {
	const expected = p.resolved.sizeBytes;
	const there = await statOf(p.path);
	r.folderAtPath = there?.isDirectory() === true;
	const facts: PlacedFacts = {
		force: r.force,
		dryRun: ctx.opts.dryRun === true,
		fromRow: r.item.row !== undefined,
		sizeOnDisk: there?.isFile() ? there.size : undefined,
		expectedSize: expected,
	};
	let sha256: Sha256 | "" = "";
	for (let d = decidePlaced(facts); ; d = decidePlaced(facts)) {
		if (d === "ask_recorded") {
			const owner = await ctx.history.ownerOf(p.path);
			facts.ours = owner !== undefined;
			facts.recorded = vouchedFor(owner, fileKeyOf(p.resolved), p.resolved.sha256);
		} else if (d === "ask_hash") {
			sha256 = await hashFile(p.path);
			facts.hashMatches = p.resolved.sha256 === undefined || sha256 === p.resolved.sha256;
		} else if (d === "download" || d === "elsewhere") return d;
		else {
			if (d === "record")
				await ctx.history.recordFound(historyRow(p, sha256, facts.sizeOnDisk!, new Date(ctx.clock.now()), p.resolved.downloadUrl));
			skipOrPlan(ctx, r.index, p, expected ?? null);
			return "settled";
		}
	}
}

/**
 * Pass by a file that is not ours at `p`: the next free name of the file (`<stem>_<versionId>`...),
 * claimed, with a warning naming both. `taken` collects the names passed by.
 */
async function passBy(ctx: RunContext, r: ItemRun, p: Placed, taken: Set<string>): Promise<Placed> {
	taken.add(p.name);
	const next = await claimFreeName(ctx, p.dir, r.baseName ?? p.name, p.resolved, taken);
	ctx.emit({ type: "warning", message: ctx.m.warnNotOurs({ path: p.path, name: next.name }) });
	return { ...p, ...next };
}

/**
 * Place the item at its name, or at the next one when a file that is not ours is there (never
 * replaced without --force: adopted when its SHA-256 is this file's). True when settled (skipped
 * or recorded), false when it is to be downloaded to `r.placed`.
 */
export async function settle(ctx: RunContext, r: ItemRun, spot: Placed): Promise<boolean> {
	r.baseName = spot.name;
	let p: Placed = { ...spot, ...(await claimFreeName(ctx, spot.dir, spot.name, spot.resolved)) };
	for (const taken = new Set<string>(); ; p = await passBy(ctx, r, p, taken)) {
		r.placed = p;
		const d = await settledOnDisk(ctx, r, p);
		if (d !== "elsewhere") return d === "settled";
	}
}

/**
 * Just before the rename: a file that is not ours at the name (one that came during the download,
 * or at the storage's name; a link too) is passed by as well, unless --force. (A folder there fails
 * the rename with its own words, as it fails the item before the download.)
 */
export async function freeAtRename(ctx: RunContext, r: ItemRun, p: Placed): Promise<Placed> {
	const taken = new Set<string>();
	while (!r.force && (await notOursThere(ctx, p.path))) p = await passBy(ctx, r, p, taken);
	return p;
}

async function notOursThere(ctx: RunContext, path: string): Promise<boolean> {
	const there = await lstat(path).catch(() => undefined);
	return there !== undefined && !there.isDirectory() && !(await ctx.history.hasPath(path));
}
