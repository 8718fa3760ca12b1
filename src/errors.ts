/**
 * Typed errors. `kind` is the failed list's `error_kind` (SPEC §2); the CLI maps error classes to
 * exit codes. Each error carries its message as a catalogue key with parameters (`msg`), so the
 * CLI can word it in the user's language; `message` holds the English words for library users.
 * Messages never contain the API key: URLs are redacted before use.
 */
import type { Messages } from "./i18n/en.js";
import { english, type Msg, word } from "./i18n/msg.js";

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
		readonly msg: Msg,
		init: DownloadErrorInit = {},
	) {
		super(english(msg), init.cause === undefined ? undefined : { cause: init.cause });
		this.status = init.status;
		this.retryAfterMs = init.retryAfterMs;
	}
}

/** Bad command-line input or an unparseable target: nothing was downloaded (exit 2). */
export class UsageError extends Error {
	override readonly name = "UsageError";
	constructor(readonly msg: Msg) {
		super(english(msg));
	}
}

/** A broken config file or value (exit 2). `key` names the offending setting. */
export class ConfigError extends Error {
	override readonly name = "ConfigError";
	constructor(
		readonly msg: Msg,
		readonly key?: string,
	) {
		super(english(msg));
	}
}

/** The run was interrupted (Ctrl-C / AbortSignal). */
export class InterruptedError extends Error {
	override readonly name = "InterruptedError";
	constructor() {
		super("interrupted");
	}
}

/** An error's words in the given language (its English message when it carries no catalogue key). */
export function wordsOf(e: unknown, m: Messages): string {
	const msg = (e as { msg?: Msg } | null)?.msg;
	if (msg && typeof msg === "object" && "key" in msg) return word(m, msg);
	return e instanceof Error ? e.message : String(e);
}
