import type { ErrorKind } from "../errors.js";

/**
 * The seed's retry ladder as a pure decision. A rate-limited failure (429, 503, slow speed) and a
 * dropped connection are retried after `delaysMs[retriesSoFar]`, or after the server's Retry-After
 * when that is longer, at most `delaysMs.length` times. Everything else fails at once; the daily
 * download quota is never waited out.
 */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["rate_limited", "slow", "network"]);

export function decideRetry(
	failure: { kind: ErrorKind; retryAfterMs?: number | undefined },
	retriesSoFar: number,
	delaysMs: readonly number[],
): RetryDecision {
	if (!RETRYABLE_KINDS.has(failure.kind)) return { retry: false };
	const base = delaysMs[retriesSoFar];
	if (base === undefined) return { retry: false };
	return { retry: true, delayMs: Math.max(base, failure.retryAfterMs ?? 0) };
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
