import { type ResolvedItem, resolveTarget } from "../civitai/resolve.js";
import { afterRepairLookupFailure } from "../core/repair-lookup.js";
import { DownloadError, wordsOf } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { RunContext, RunItem } from "./run-context.js";

/**
 * The API lookups of sidecar repairs (a skipped file whose version is not known). Each is asked
 * once, never on a retry ladder: a failure is a warning and the file stays skipped. The history
 * rows' batched model lists (`ctx.lookups`) answer them first, so a library costs one request per
 * 100 models; what they do not answer is asked one by one, at most one a second. A failure that
 * would repeat for every other lookup (see core/repair-lookup.ts) pauses the repairs that need the
 * API for the rest of the run, with one warning; a rate limit also backs the run off.
 */

/**
 * Repair lookups of one run go at most one per this: a `redownload all` over a library without
 * sidecars would otherwise ask Civitai about every skipped file at once.
 */
export const REPAIR_LOOKUP_GAP_MS = 1000;

interface RepairLookups {
	/** When the last repair lookup left. */
	lastAt?: number;
	/** A failure that would repeat stopped the run's repair lookups. */
	paused: boolean;
}

const states = new WeakMap<RunContext, RepairLookups>();

function stateOf(ctx: RunContext): RepairLookups {
	let s = states.get(ctx);
	if (!s) states.set(ctx, (s = { paused: false }));
	return s;
}

/** A lookup not sent: the repairs were paused while it waited for its slot. */
class NotAsked extends DownloadError {
	constructor() {
		super("other", msg("sidecarRepairsPaused", { name: "", reason: "" }));
	}
}

/** Wait for this run's next repair-lookup slot (on the run's clock) and the run's back-off, and take it. */
async function lookupSlot(ctx: RunContext, s: RepairLookups): Promise<void> {
	for (;;) {
		const wait = s.lastAt === undefined ? 0 : s.lastAt + REPAIR_LOOKUP_GAP_MS - ctx.clock.now();
		if (wait <= 0) break;
		await ctx.clock.sleep(wait, ctx.signal);
	}
	s.lastAt = ctx.clock.now();
	await ctx.pacer.polite();
	if (s.paused) throw new NotAsked();
}

/**
 * A failed lookup: back off on a rate limit, pause on a failure that would repeat (one warning for
 * the run), else warn about this file, unless it was a batch (its items are then asked one by one).
 */
function noteFailure(ctx: RunContext, s: RepairLookups, name: string, e: unknown, batch: boolean): void {
	if (ctx.signal.aborted || e instanceof NotAsked || s.paused) return;
	const reason = wordsOf(e, ctx.m);
	if (e instanceof DownloadError) {
		const verdict = afterRepairLookupFailure(e, ctx.settings.retryDelaysMs);
		if (verdict.backOffMs > 0) ctx.pacer.backOff(verdict.backOffMs);
		if (verdict.pause) {
			s.paused = true;
			ctx.emit({ type: "warning", message: ctx.m.sidecarRepairsPaused({ name, reason }) });
			return;
		}
	}
	if (!batch) ctx.emit({ type: "warning", message: ctx.m.sidecarRepairFailed({ name, reason }) });
}

/** One request, once, in its slot; its failure noted and thrown on. */
async function once<T>(ctx: RunContext, s: RepairLookups, name: string, batch: boolean, ask: () => Promise<T>): Promise<T> {
	try {
		await lookupSlot(ctx, s);
		return await ask();
	} catch (e) {
		noteFailure(ctx, s, name, e, batch);
		throw e;
	}
}

/** The item's version for a repair: from its batch's list, else from its own lookup; undefined when neither answers. */
export async function resolveForRepair(ctx: RunContext, index: number, item: RunItem, name: string): Promise<ResolvedItem | undefined> {
	const target = item.target;
	const s = stateOf(ctx);
	if (!target || s.paused) return undefined;
	try {
		const batched = await ctx.lookups?.resolvedFor(index - 1, item, (fetch) => once(ctx, s, name, true, fetch), ctx.signal, true);
		if (batched || s.paused) return batched;
		return await once(ctx, s, name, false, () =>
			resolveTarget(target, ctx.opts.client, { fileId: item.fileId, signal: ctx.signal, baseUrl: ctx.settings.baseUrl }),
		);
	} catch {
		return undefined; // noted where it failed
	}
}
