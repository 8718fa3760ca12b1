/**
 * Typed errors. `kind` is the failed list's `error_kind` (SPEC §2); the CLI maps error classes to
 * exit codes and words. Messages never contain the API key: URLs are redacted before use.
 */
export type ErrorKind =
	| "auth"
	| "early_access"
	| "not_found"
	| "archived"
	| "region"
	| "quota"
	| "rate_limited"
	| "slow"
	| "hash_mismatch"
	| "bad_body"
	| "network"
	| "disk"
	| "other";

export interface DownloadErrorInit {
	status?: number;
	/** Server-requested wait before retrying, in ms (from Retry-After). */
	retryAfterMs?: number;
	cause?: unknown;
}

/** A failure of one item: it goes to the failed list with this kind. */
export class DownloadError extends Error {
	override readonly name = "DownloadError";
	readonly status: number | undefined;
	readonly retryAfterMs: number | undefined;
	constructor(
		readonly kind: ErrorKind,
		message: string,
		init: DownloadErrorInit = {},
	) {
		super(message, init.cause === undefined ? undefined : { cause: init.cause });
		this.status = init.status;
		this.retryAfterMs = init.retryAfterMs;
	}
}

/** Bad command-line input or an unparseable target: nothing was downloaded (exit 2). */
export class UsageError extends Error {
	override readonly name = "UsageError";
}

/** A broken config file or value (exit 2). `key` names the offending setting. */
export class ConfigError extends Error {
	override readonly name = "ConfigError";
	constructor(
		message: string,
		readonly key?: string,
	) {
		super(message);
	}
}

/** The run was interrupted (Ctrl-C / AbortSignal). */
export class InterruptedError extends Error {
	override readonly name = "InterruptedError";
	constructor() {
		super("interrupted");
	}
}
