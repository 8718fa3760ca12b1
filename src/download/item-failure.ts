import { DownloadError, type ErrorKind, InterruptedError, UsageError, WriteError, wordsOf } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { FailedItem } from "./failed-list.js";
import { itemEndOf, noteItemEnd } from "./outage-breaker.js";
import { diskError } from "./partial-file.js";
import type { Placed } from "./placement.js";
import type { RunContext } from "./run-context.js";

/** Raised in a lane when another lane stopped the run (quota, full disk, outage): this item is parked. */
export class Parked extends Error {}

/** Write errors that mean the disk itself is full: the run stops instead of failing every item left. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

/** What an item's failure means for the item and the run; undefined: not an item's failure (a bug of ours). */
export type FailureOutcome = { kind: ErrorKind; message: string; parked: boolean; stop?: "quota" | "disk" | "interrupt" };

type Stop = RunContext["summary"]["stoppedBy"];

/** Why items are parked, by what stopped the run. */
export function parkedWhy(stoppedBy: Stop, m: RunContext["m"]): [ErrorKind, string] {
	return stoppedBy === "quota"
		? ["quota", m.parkedQuota()]
		: stoppedBy === "disk"
			? ["disk", m.parkedDisk()]
			: stoppedBy === "outage"
				? ["outage", m.parkedOutage()]
				: ["other", m.parkedInterrupted()];
}

/** A file-system error from Node (it names its system call): the item's disk failure, whatever its code. */
function asDiskError(e: unknown): DownloadError | undefined {
	if (e instanceof WriteError) return diskError(e, e.path);
	const err = e as NodeJS.ErrnoException | null;
	if (!(err instanceof Error) || typeof err.code !== "string" || typeof err.syscall !== "string") return undefined;
	return new DownloadError("disk", msg("errDisk", { path: err.path ?? "?", code: err.code }), { cause: e });
}

/** Classify an item's error. */
export function outcomeOf(e: unknown, aborted: boolean, stoppedBy: Stop, m: RunContext["m"]): FailureOutcome | undefined {
	if (e instanceof InterruptedError || aborted) return { kind: "other", message: m.errInterrupted(), parked: true, stop: "interrupt" };
	if (e instanceof Parked) {
		const [kind, message] = parkedWhy(stoppedBy, m);
		return { kind, message, parked: true };
	}
	if (e instanceof UsageError) return { kind: "other", message: wordsOf(e, m), parked: false };
	const d = e instanceof DownloadError ? e : asDiskError(e);
	if (!d) return undefined;
	const full = d.kind === "disk" && DISK_FULL.has((d.cause as NodeJS.ErrnoException | undefined)?.code ?? "");
	const stop = d.kind === "quota" ? "quota" : full ? "disk" : undefined;
	return { kind: d.kind, message: wordsOf(d, m), parked: false, ...(stop ? { stop } : {}) };
}

/** What a target that names nothing to download fails with: no such id, no published version, no such file. */
const NOTHING_THERE: ReadonlySet<ErrorKind> = new Set(["not_found", "other"]);

/**
 * Whether a failure goes to the failed list (issue 27, point 14). A target typed on the command line
 * that names nothing Civitai has to download (a mistyped id) is said, and not listed: it is a mistake
 * to fix, and running the list again would fail the same way. Everything else is listed: a parked item,
 * an item from a list (a history or failed-list row), one that got as far as its download, any other
 * failure (an archived model, a refused key, the network).
 */
function listed(item: FailedItem, p: Placed | undefined, o: Omit<FailureOutcome, "stop">): boolean {
	return o.parked || p !== undefined || item.row !== undefined || !NOTHING_THERE.has(o.kind);
}

/** Put an item on the failed list (when it belongs there) and report it. */
export function failItem(ctx: RunContext, index: number, item: FailedItem, p: Placed | undefined, o: Omit<FailureOutcome, "stop">): void {
	const name = p?.name ?? (item.row?.filename || item.label);
	if (listed(item, p, o)) ctx.failed.add(index, item, p, o.kind, o.message, new Date(ctx.clock.now()));
	ctx.emit({ type: "fail", index, name, kind: o.kind, message: o.message, parked: o.parked });
}

/**
 * An item's error → its failure, and maybe the run's stop; a bug of ours is thrown on. `p`: where the
 * item was placed, when it got that far (its version resolved: the API answered for it).
 */
export function handleItemError(
	ctx: RunContext,
	index: number,
	item: FailedItem & { failedBefore?: boolean | undefined },
	p: Placed | undefined,
	e: unknown,
): void {
	const o = outcomeOf(e, ctx.signal.aborted, ctx.summary.stoppedBy, ctx.m);
	if (!o) throw e;
	if (o.stop === "interrupt") ctx.stop("interrupt");
	failItem(ctx, index, item, p, o);
	if (o.stop === "quota" || o.stop === "disk") ctx.stop(o.stop);
	if (!o.parked) noteItemEnd(ctx, itemEndOf(e, { failedBefore: item.failedBefore, resolved: p !== undefined }));
}
