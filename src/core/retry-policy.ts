import type { ErrorKind } from "../errors.js";

/**
 * The seed's retry ladder as a pure decision. A rate-limited failure (429, 503, slow speed) and a
 * dropped connection are retried after `delaysMs[retriesSoFar]`, or after the server's Retry-After
 * when that is longer, at most `delaysMs.length` times. Everything else fails at once; the daily
 * download quota is never waited out, and neither is a Retry-After of more than an hour.
 */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["rate_limited", "slow", "network"]);

/** A Retry-After longer than this (a broken or hostile server's "a day") is not waited out: the item fails for now. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export function decideRetry(
	failure: { kind: ErrorKind; retryAfterMs?: number | undefined },
	retriesSoFar: number,
	delaysMs: readonly number[],
	maxRetryAfterMs = MAX_RETRY_AFTER_MS,
): RetryDecision {
	if (!RETRYABLE_KINDS.has(failure.kind)) return { retry: false };
	if ((failure.retryAfterMs ?? 0) > maxRetryAfterMs) return { retry: false };
	const base = delaysMs[retriesSoFar];
	if (base === undefined) return { retry: false };
	return { retry: true, delayMs: Math.max(base, failure.retryAfterMs ?? 0) };
}

/**
 * A webhook's non-2xx answer as a failure kind, so that `decideRetry` decides webhooks too: 429 and
 * 503 ask us to slow down, 408 and the other 5xx are passing trouble, and any other answer (4xx,
 * a redirect) will not change by asking again.
 */
export function webhookFailureKind(status: number): ErrorKind {
	if (status === 429 || status === 503) return "rate_limited";
	if (status === 408 || status >= 500) return "network";
	return "other";
}

/** `rate_limit_settings.network_retry_delays` by default: 10, 30 and 90 s. */
export const DEFAULT_NETWORK_RETRY_DELAYS_MS: readonly number[] = [10_000, 30_000, 90_000];

/** Which ladder a retry waits on: the network's (`network_retry_delays`) or the seed's (`retry_delays`). */
export type Ladder = "network" | "seed";

/** The delays of both ladders, in ms. */
export interface Ladders {
	seedMs: readonly number[];
	networkMs: readonly number[];
}

/** A failure as the retry and outage decisions see it (a DownloadError fits). */
export interface FailureFacts {
	kind: ErrorKind;
	status?: number | undefined;
	retryAfterMs?: number | undefined;
	/** The connection broke after the file's bytes had begun to arrive (typed where it is thrown, never read off a message). */
	midBody?: boolean | undefined;
}

/** A drop mid-body: the server was there and sending; the transfer resumes from where it stopped. */
export function isMidBodyDrop(f: FailureFacts): boolean {
	return f.kind === "network" && f.midBody === true;
}

/** Gateway answers that mean the origin behind them is down or unreachable: 502, 504 and Cloudflare's 520-530. */
export function isGatewayStatus(status: number): boolean {
	return status === 502 || status === 504 || (status >= 520 && status <= 530);
}

/**
 * A network failure before the first byte: no connection, no answer in time (DNS, refused, reset,
 * timeout, TLS), or a gateway's 502, 504 or 520-530 page. Not a drop mid-body, and not a storage
 * refusal with another status (an expired signed URL's 403, a 500).
 */
export function isNetworkFailure(f: FailureFacts): boolean {
	if (f.kind !== "network" || isMidBodyDrop(f)) return false;
	return f.status === undefined || isGatewayStatus(f.status);
}

/**
 * The ladder for a failure: network failures before the first byte wait on the network ladder;
 * 429, 503, the slow rule, a drop mid-body and other storage refusals keep the seed's ladder (a
 * drop mid-body resumes as it always did).
 */
export function ladderFor(f: FailureFacts): Ladder {
	return isNetworkFailure(f) ? "network" : "seed";
}

/** `decideRetry` on the failure's own ladder, with the retries already spent on that ladder. */
export function decideItemRetry(
	f: FailureFacts,
	retriesSoFar: Readonly<Record<Ladder, number>>,
	ladders: Ladders,
): RetryDecision & { ladder: Ladder } {
	const ladder = ladderFor(f);
	const delays = ladder === "network" ? ladders.networkMs : ladders.seedMs;
	return { ...decideRetry(f, retriesSoFar[ladder], delays), ladder };
}

/** Most new bytes a retry must have brought to give the ladders back. */
export const PROGRESS_STEP_BYTES = 1024 * 1024;

/**
 * How many new bytes count as progress, which gives a transfer's ladders back: 1 MiB, or a 16th of
 * a smaller file. A storage that sends a byte or two before each drop is stuck, not moving: any new
 * byte used to count, and such a storage held the run for ever. With 1 MiB per ladder's first
 * delay at least (60 s), a file that keeps moving still moves faster than the slow rule's default.
 */
export function progressStep(sizeBytes: number | undefined): number {
	if (sizeBytes === undefined || sizeBytes <= 0) return PROGRESS_STEP_BYTES;
	return Math.max(1, Math.min(PROGRESS_STEP_BYTES, Math.ceil(sizeBytes / 16)));
}

/** Retry-After as ms from `nowMs`: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const v = value.trim();
	if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
	const at = Date.parse(v);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - nowMs);
}
