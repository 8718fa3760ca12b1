import { rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { accessRefusal } from "../civitai/http-errors.js";
import { type ResolvedItem, resolveOnSites } from "../civitai/resolve.js";
import { ownership, vouchedFor } from "../core/collision.js";
import { partFileName, safeFileName } from "../core/file-name.js";
import { decidePlaced, type PlacedFacts, skipByRow } from "../core/item-decision.js";
import type { Sha256 } from "../core/sha256.js";
import { isOnRed, siteAt } from "../core/sites.js";
import { DownloadError } from "../errors.js";
import { type HistoryRow, intCell, localTimestamp } from "../history/columns.js";
import { msg } from "../i18n/msg.js";
import { syncData } from "../platform/fs.js";
import { handleItemError, Parked } from "./item-failure.js";
import { type Attempts, itemRetries } from "./item-retries.js";
import { fileSize, type Placed, place, preflight, statOf } from "./placement.js";
import { withTrustedPath } from "./row-path.js";
import type { RunContext, RunItem } from "./run-context.js";
import { claimFreeName, fileKeyOf } from "./same-name.js";
import { segmentedTransfer, statePathFor } from "./segmented.js";
import { repairSidecars, sidecarsAfterDownload } from "./sidecar-step.js";
import { diskError, hashFile, type TransferRequest, type TransferResult, transfer } from "./transfer.js";

/** Where an item stands: filled in as it goes, so that a failure's row says as much as is known. */
interface ItemRun {
	index: number;
	item: RunItem;
	force: boolean;
	attempts: Attempts;
	placed?: Placed;
	/** A folder stands at the placed path (seen when it was looked at for a file already there). */
	folderAtPath?: boolean;
	/** The most bytes of the file the transfer has reported so far (progress gives the retry ladders back). */
	reached: number;
}

function historyRow(p: Placed, sha256: Sha256 | "", bytes: number, now: Date, url: string): HistoryRow {
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

function skipOrPlan(ctx: RunContext, index: number, p: { name: string; category: string; path: string }, sizeBytes: number | null): void {
	if (ctx.opts.dryRun) ctx.emit({ type: "plan", index, ...p, action: "skip", sizeBytes });
	else ctx.emit({ type: "skip", index, name: p.name, path: p.path, reason: "exists" });
}

/** A history row that names its file and size: skip without asking the network. */
async function skippedByRow(ctx: RunContext, r: ItemRun): Promise<boolean> {
	const row = r.item.row;
	const recordedSize = intCell(row?.size_bytes);
	const rowPath = row?.path || undefined;
	const rowKey = { versionId: row?.version_id ?? "", fileId: row?.file_id ?? "" };
	const facts = {
		force: r.force,
		relocated: ctx.opts.output !== undefined || ctx.opts.category !== undefined,
		rowPath,
		recordedSize,
		sizeOnDisk: rowPath ? await fileSize(rowPath) : undefined,
		rowOwnsPath: rowPath !== undefined && ownership(await ctx.history.ownerOf(rowPath), rowKey) === "this",
	};
	if (!skipByRow(facts)) return false;
	skipOrPlan(ctx, r.index, { name: basename(rowPath!), category: row!.model_type, path: rowPath! }, recordedSize ?? null);
	return true;
}

async function resolveItem(ctx: RunContext, r: ItemRun): Promise<ResolvedItem> {
	const { item } = r;
	if (item.resolved) return item.resolved;
	if (!item.target) throw new DownloadError("other", item.targetError ?? msg("errNoTarget", { label: item.label }));
	const target = item.target;
	const { requests } = ctx;
	const batched = await ctx.lookups?.resolvedFor(
		r.index - 1,
		item,
		(fetch) => requests.ask(fetch, itemRetries(ctx, r.index, item.label, { retries: 0 })),
		ctx.signal,
	);
	if (batched) return batched;
	return requests.ask(
		() => resolveOnSites(target, requests, { fileId: item.fileId, signal: ctx.signal }),
		itemRetries(ctx, r.index, item.label, r.attempts),
	);
}

/** The file at the final path: skip it, record it (there but never recorded), or go on to download. */
async function settledOnDisk(ctx: RunContext, r: ItemRun, p: Placed): Promise<boolean> {
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
		if (d === "ask_recorded") facts.recorded = vouchedFor(await ctx.history.ownerOf(p.path), fileKeyOf(p.resolved), p.resolved.sha256);
		else if (d === "ask_hash") {
			sha256 = await hashFile(p.path);
			facts.hashMatches = p.resolved.sha256 === undefined || sha256 === p.resolved.sha256;
		} else if (d === "download") return false;
		else {
			if (d === "record")
				await ctx.history.recordFound(historyRow(p, sha256, facts.sizeOnDisk!, new Date(ctx.clock.now()), p.resolved.downloadUrl));
			skipOrPlan(ctx, r.index, p, expected ?? null);
			return true;
		}
	}
}

/** Several connections for a file big enough, unless a one-connection partial is already there. */
async function useSegments(ctx: RunContext, partPath: string, size: number | undefined): Promise<boolean> {
	const { connections, minSegmentBytes } = ctx.segments;
	if (connections <= 1 || size === undefined || size < 2 * minSegmentBytes) return false;
	return (await fileSize(partPath)) === undefined || (await fileSize(statePathFor(partPath))) !== undefined;
}

/** The transfer's request for one item; progress and start come back as events. */
function transferRequest(ctx: RunContext, r: ItemRun, p: Placed, partPath: string): TransferRequest {
	const { requests } = ctx;
	const { settings } = ctx.opts;
	const expected = p.resolved.sizeBytes;
	return {
		apiUrl: p.resolved.downloadUrl,
		site: siteAt(requests.sites, p.resolved.downloadUrl) ?? requests.sites.base,
		sites: requests.sites,
		apiKey: settings.apiKey,
		partPath,
		expectedSize: expected,
		slowWindowMs: settings.slowWindowMs,
		speedThresholdBps: settings.speedThresholdBps,
		signal: ctx.signal,
		session: {},
		onStart: (resumeFrom) =>
			ctx.emit({
				type: "item_start",
				index: r.index,
				total: ctx.total,
				name: p.name,
				category: p.category,
				url: p.resolved.downloadUrl,
				path: p.path,
				sizeBytes: expected ?? null,
				resumeFrom,
			}),
		onProgress: (bytes, bps) => {
			r.reached = Math.max(r.reached, bytes);
			ctx.emit({ type: "progress", index: r.index, name: p.name, bytes, totalBytes: expected ?? null, bytesPerSecond: bps });
		},
	};
}

/** Get the bytes on the retry ladder (each download request waits for its slot in the gateway's HTTP). */
async function fetchFile(ctx: RunContext, r: ItemRun, p: Placed): Promise<{ result: TransferResult; partPath: string }> {
	const { requests } = ctx;
	await requests.pacer.polite();
	if (ctx.summary.stoppedBy !== null) throw new Parked(); // another lane hit the quota or a full disk
	const free = await ctx.folders.ready(p.dir);
	const partPath = join(p.dir, partFileName(p.name));
	await preflight(p, partPath, p.resolved.sizeBytes, ctx.locale, { free, folderAtPath: r.folderAtPath === true });
	const segmented = await useSegments(ctx, partPath, p.resolved.sizeBytes);
	const request = transferRequest(ctx, r, p, partPath);
	const run = segmented ? () => segmentedTransfer(request, requests.http, ctx.segments) : () => transfer(request, requests.http);
	try {
		const result = await requests.retry(
			run,
			itemRetries(ctx, r.index, p.name, r.attempts, () => r.reached),
		);
		return { result, partPath };
	} catch (e) {
		throw accessRefusal(e, p.resolved.access); // a 403 for a paid/early-access version says so
	}
}

/** Whether a re-downloaded row's URL still names the site (civitai.com or civitai.red) the item came from. */
function rowUrlKept(rowUrl: string | undefined, downloadUrl: string, ctx: RunContext): boolean {
	if (!rowUrl) return false;
	if (!URL.canParse(rowUrl)) return true; // not a URL: keep it as it is
	return isOnRed(ctx.requests.sites, rowUrl) === isOnRed(ctx.requests.sites, downloadUrl);
}

/** Name (if the API gave none), check, move into place, record, report. */
async function finish(ctx: RunContext, r: ItemRun, result: TransferResult, partPath: string): Promise<void> {
	let p = r.placed!;
	const { resolved } = p;
	// the API gave no name: take the one the storage sends (filename* first), made safe
	if (!resolved.fileNameFromApi && result.dispositionName) {
		const named = await claimFreeName(ctx, p.dir, safeFileName(result.dispositionName, p.name), resolved);
		r.placed = p = { ...p, ...named };
	}
	const { sha256 } = result;
	const verified = ctx.opts.verify !== false && resolved.sha256 !== undefined;
	if (verified && sha256 !== resolved.sha256) {
		await rm(partPath, { force: true });
		await rm(statePathFor(partPath), { force: true });
		throw new DownloadError("hash_mismatch", msg("errHashMismatch", { name: p.name, expected: resolved.sha256 ?? "", got: sha256 }));
	}
	try {
		await syncData(partPath); // its bytes are on the disk before its name and its history row are
		await rename(partPath, p.path);
	} catch (e) {
		throw diskError(e, p.path) ?? e;
	}
	ctx.requests.pacer.completed();
	// a re-downloaded row keeps its URL so that it and its older rows stay one item, unless the item
	// now lives on another Civitai origin (civitai.red): the row names that one, for the next run
	const url = rowUrlKept(r.item.row?.url, resolved.downloadUrl, ctx) ? r.item.row!.url : resolved.downloadUrl;
	await ctx.history.record(historyRow(p, sha256, result.bytes, new Date(ctx.clock.now()), url));
	ctx.emit({
		type: "done",
		index: r.index,
		name: p.name,
		path: p.path,
		bytes: result.bytes,
		sha256,
		verified,
		retries: r.attempts.retries,
	});
	await sidecarsAfterDownload(ctx, p, sha256);
}

/** One item, start to end: resolve, skip, download, verify, record. A typed failure goes to the failed list. */
export async function processItem(ctx: RunContext, i: number, item: RunItem, lane: { large: boolean }): Promise<void> {
	const r: ItemRun = { index: i + 1, item, force: ctx.opts.force === true || item.force === true, attempts: { retries: 0 }, reached: 0 };
	try {
		r.item = await withTrustedPath(ctx, item);
		if (await skippedByRow(ctx, r)) return await repairSidecars(ctx, r.index, r.item);
		const resolved = await resolveItem(ctx, r);
		const spot = place(resolved, r.item.row, { ...ctx.opts, downloadPaths: ctx.opts.settings.downloadPaths });
		const p = { ...spot, ...(await claimFreeName(ctx, spot.dir, spot.name, resolved)) };
		r.placed = p;
		if (await settledOnDisk(ctx, r, p)) return await repairSidecars(ctx, r.index, r.item, p);
		if (ctx.opts.dryRun) {
			const sizeBytes = resolved.sizeBytes ?? null;
			const access = resolved.access ? { access: resolved.access } : {};
			ctx.emit({
				type: "plan",
				index: r.index,
				name: p.name,
				category: p.category,
				action: "download",
				path: p.path,
				sizeBytes,
				...access,
			});
			return;
		}
		// a checkpoint found in a small lane (a `get` target of unknown type) waits to run alone
		if (!lane.large && resolved.category === "checkpoint") {
			await ctx.gate.upgrade();
			lane.large = true;
		}
		const { result, partPath } = await fetchFile(ctx, r, p);
		await finish(ctx, r, result, partPath);
	} catch (e) {
		handleItemError(ctx, r.index, r.item, r.placed, e);
	}
}
