import { basename, join } from "node:path";
import { accessRefusal } from "../civitai/http-errors.js";
import { type ResolvedItem, resolveOnSites } from "../civitai/resolve.js";
import { ownership } from "../core/collision.js";
import { partFileName, safeFileName } from "../core/file-name.js";
import { skipByRow } from "../core/item-decision.js";
import { progressStep } from "../core/retry-policy.js";
import { isOnRed, siteAt } from "../core/sites.js";
import { DownloadError } from "../errors.js";
import { intCell } from "../history/columns.js";
import { msg } from "../i18n/msg.js";
import { syncData } from "../platform/fs.js";
import { removeRetrying, renameRetrying } from "../platform/fs-retry.js";
import { handleItemError, Parked } from "./item-failure.js";
import { itemRetries } from "./item-retries.js";
import { historyRow, type ItemRun, skipOrPlan } from "./item-run.js";
import { claimFile } from "./locks.js";
import { fileSize, type Placed, place, preflight } from "./placement.js";
import { noteVersionPick, sameFileAsEarlier } from "./resolved-notes.js";
import { withTrustedPath } from "./row-path.js";
import type { RunContext, RunItem } from "./run-context.js";
import { claimFreeName } from "./same-name.js";
import { segmentedTransfer, statePathFor } from "./segmented.js";
import { freeAtRename, settle } from "./settle.js";
import { repairSidecars, sidecarsAfterDownload } from "./sidecar-step.js";
import { diskError, type TransferRequest, type TransferResult, transfer } from "./transfer.js";

/** A history row that names its file and size, and that file is there: skip without asking the network. */
async function skippedByRow(ctx: RunContext, r: Pick<ItemRun, "index" | "item" | "force">): Promise<boolean> {
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

/**
 * An item the run never started once it stopped (quota, outage, full disk, interrupt): skipped when
 * its row shows its file is there, as it would have been (no request is asked); otherwise false, and
 * it is parked. Parking counts only what would have been downloaded (issue 27, point 5).
 */
export async function skippedInsteadOfParked(ctx: RunContext, i: number, item: RunItem): Promise<boolean> {
	if (!item.row?.path) return false;
	const force = ctx.opts.force === true || item.force === true;
	return skippedByRow(ctx, { index: i + 1, item: await withTrustedPath(ctx, item), force });
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
		() => resolveOnSites(target, requests, { fileId: item.fileId, signal: ctx.signal, nowMs: ctx.clock.now() }),
		itemRetries(ctx, r.index, item.label, r.attempts),
	);
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
	const maxFile = ctx.folders.maxFileBytes(p.dir);
	await preflight(p, partPath, p.resolved.sizeBytes, ctx.locale, { free, folderAtPath: r.folderAtPath === true, maxFile });
	const segmented = await useSegments(ctx, partPath, p.resolved.sizeBytes);
	const request = transferRequest(ctx, r, p, partPath);
	const run = segmented ? () => segmentedTransfer(request, requests.http, ctx.segments) : () => transfer(request, requests.http);
	try {
		// its download requests' pacing waits are this item's (lanes wait side by side)
		const result = await requests.for({ index: r.index, name: p.name }, () =>
			requests.retry(
				run,
				itemRetries(ctx, r.index, p.name, r.attempts, { reached: () => r.reached, step: progressStep(p.resolved.sizeBytes) }),
			),
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
		r.baseName = safeFileName(result.dispositionName, p.name);
		const named = await claimFreeName(ctx, p.dir, r.baseName, resolved);
		r.placed = p = { ...p, ...named };
	}
	const { sha256 } = result;
	const verified = ctx.opts.verify !== false && resolved.sha256 !== undefined;
	if (verified && sha256 !== resolved.sha256) {
		await removeRetrying(partPath, { clock: ctx.clock, signal: ctx.signal });
		await removeRetrying(statePathFor(partPath), { clock: ctx.clock, signal: ctx.signal });
		throw new DownloadError("hash_mismatch", msg("errHashMismatch", { name: p.name, expected: resolved.sha256 ?? "", got: sha256 }));
	}
	r.placed = p = await freeAtRename(ctx, r, p);
	try {
		await syncData(partPath); // its bytes are on the disk before its name and its history row are
		// an antivirus or indexer that opened the new file holds it for a moment (Windows): tried again
		await renameRetrying(partPath, p.path, { clock: ctx.clock, signal: ctx.signal });
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

/**
 * Claim the item's file against other runs (`locks.ts`). Another run may have finished it (or put
 * another file at its name) while this one resolved it or waited for the claim: when the claim was
 * waited for, or the history gained rows since the place was looked at (`seenAt`: the history's
 * generation then), the place is looked at again (skipped or recorded now; passed by, and the new
 * name claimed). The release, or undefined when the item is settled after all.
 */
async function claimed(ctx: RunContext, r: ItemRun, seenAt: number): Promise<(() => Promise<void>) | undefined> {
	for (;;) {
		const p = r.placed!;
		const claim = await claimFile(ctx, r.index, p.name, join(p.dir, partFileName(p.name)));
		await ctx.history.index(); // what other runs recorded meanwhile
		if (!claim.waited && ctx.history.generation === seenAt) return claim.release;
		seenAt = ctx.history.generation;
		const baseName = r.baseName;
		let settled: boolean;
		try {
			settled = await settle(ctx, r, p);
		} catch (e) {
			await claim.release();
			throw e;
		} finally {
			if (baseName !== undefined) r.baseName = baseName; // passed-by names are still made from the item's own
		}
		if (!settled && r.placed!.path === p.path) return claim.release;
		await claim.release();
		if (settled) return undefined;
	}
}

/** One item, start to end: resolve, skip, download, verify, record. A typed failure goes to the failed list. */
export async function processItem(ctx: RunContext, i: number, item: RunItem, lane: { large: boolean }): Promise<void> {
	const r: ItemRun = { index: i + 1, item, force: ctx.opts.force === true || item.force === true, attempts: { retries: 0 }, reached: 0 };
	try {
		r.item = await withTrustedPath(ctx, item);
		if (await skippedByRow(ctx, r)) return await repairSidecars(ctx, r.index, r.item);
		const resolved = await resolveItem(ctx, r);
		const { downloadPaths, folderLayout } = ctx.opts.settings;
		const spot = place(resolved, r.item.row, { ...ctx.opts, downloadPaths, folderLayout });
		if (sameFileAsEarlier(ctx, r.index, spot)) return;
		noteVersionPick(ctx, r.index, resolved);
		const seenAt = ctx.history.generation;
		if (await settle(ctx, r, spot)) return await repairSidecars(ctx, r.index, r.item, r.placed);
		const p = r.placed!;
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
		const release = await claimed(ctx, r, seenAt);
		if (release === undefined) return await repairSidecars(ctx, r.index, r.item, r.placed);
		try {
			const { result, partPath } = await fetchFile(ctx, r, r.placed!);
			await finish(ctx, r, result, partPath);
		} finally {
			await release();
		}
	} catch (e) {
		handleItemError(ctx, r.index, r.item, r.placed, e);
	}
}
