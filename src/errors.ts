/**
 * Typed errors: one family under `CivdlError`, each with a stable `code` and, where there was
 * one, the `cause`. `DownloadError.kind` is the failed list's `error_kind` (SPEC §2). Errors carry
 * their message as a catalogue key with parameters (`msg`), so the CLI can word it in the user's
 * language; `message` holds the English words for library users. The CLI maps codes to exit codes
 * and words in one table (src/cli/failure.ts). Messages never contain the API key: URLs are
 * redacted before use.
 *
 * Layering: this file is part of the bottom layer with src/i18n/msg.ts and src/i18n/en.ts (message
 * keys and their English words; en.ts imports nothing of ours). core/ and platform/ may import it.
 */
import type { ImageProblem, Messages, TargetProblem } from "./i18n/en.js";
import { english, type Msg, msg, word } from "./i18n/msg.js";

export type { ImageProblem, TargetProblem };

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
	/** Parked: Civitai looked down or unreachable (the outage breaker stopped the run). */
	| "outage"
	| "other";

/** What went wrong, as the CLI tells errors apart: each code has one row in its exit-code table. */
export type ErrorCode = "download" | "usage" | "config" | "csv_read" | "lock_timeout" | "interrupted" | "write";

/** The base of every typed error. */
export abstract class CivdlError extends Error {
	abstract readonly code: ErrorCode;
	constructor(message: string, cause?: unknown) {
		super(message, cause === undefined ? undefined : { cause });
	}
}

export function isCivdlError(e: unknown): e is CivdlError {
	return e instanceof CivdlError;
}

export interface DownloadErrorInit {
	status?: number;
	/** Server-requested wait before retrying, in ms (from Retry-After). */
	retryAfterMs?: number;
	/** The connection broke after the file's bytes had begun to arrive (a drop mid-body, resumed from where it stopped). */
	midBody?: boolean;
	cause?: unknown;
}

/** A failure of one item: it goes to the failed list with this kind. */
export class DownloadError extends CivdlError {
	override readonly name = "DownloadError";
	readonly code = "download";
	readonly status: number | undefined;
	readonly retryAfterMs: number | undefined;
	readonly midBody: boolean;
	constructor(
		readonly kind: ErrorKind,
		readonly msg: Msg,
		init: DownloadErrorInit = {},
	) {
		super(english(msg), init.cause);
		this.status = init.status;
		this.retryAfterMs = init.retryAfterMs;
		this.midBody = init.midBody === true;
	}
}

/** Bad command-line input or an unparseable target: nothing was downloaded (exit 2). */
export class UsageError extends CivdlError {
	override readonly name: string = "UsageError";
	readonly code = "usage";
	constructor(readonly msg: Msg) {
		super(english(msg));
	}
}

/** A target that is not one of the forms we read (core/targets.ts): a usage error naming the problem. */
export class TargetError extends UsageError {
	override readonly name = "TargetError";
	constructor(
		readonly input: string,
		readonly problem: TargetProblem,
	) {
		super(msg("errTarget", { input, problem }));
	}
}

/** An image (or workflow) whose generation data cannot be read safely: bad input (exit 2), in one sentence. */
export class ImageError extends UsageError {
	override readonly name = "ImageError";
	constructor(
		readonly file: string,
		readonly problem: ImageProblem,
	) {
		super(msg("errImage", { file, problem }));
	}
}

/** A broken config file or value (exit 2). `key` names the offending setting. */
export class ConfigError extends CivdlError {
	override readonly name = "ConfigError";
	readonly code = "config";
	constructor(
		readonly msg: Msg,
		readonly key?: string,
	) {
		super(english(msg));
	}
}

/** A history-format CSV that exists but cannot be read (a folder, no permission): bad input (exit 2). */
export class CsvReadError extends CivdlError {
	override readonly name = "CsvReadError";
	readonly code = "csv_read";
	constructor(
		readonly msg: Msg,
		readonly file: string,
		cause?: unknown,
	) {
		super(english(msg), cause);
	}
}

/**
 * Why a file was not put under its name (src/platform/atomic-write.ts): the disk (or the quota) is
 * full, the file is larger than the file system takes, or a symbolic link stands at the name.
 */
export type WriteRefusal = "full" | "too_big" | "link";

/**
 * A whole file that was not written: nothing changed under its name (the file there before, if any,
 * is kept; the temporary file is removed). `cause` is the system's error, when there was one.
 */
export class WriteError extends CivdlError {
	override readonly name = "WriteError";
	readonly code = "write";
	readonly msg: Msg;
	constructor(
		readonly refusal: WriteRefusal,
		readonly path: string,
		cause?: unknown,
	) {
		const said =
			refusal === "full"
				? msg("errWriteFull", { path })
				: refusal === "too_big"
					? msg("errWriteTooBig", { path })
					: msg("errWriteLink", { path });
		super(english(said), cause);
		this.msg = said;
	}
}

/** Who holds a lock: written inside the lock folder right after it is taken. */
export interface LockOwner {
	pid: number;
	host: string;
	startedAt: string;
	command: string;
}

/** Another run held the history's lock for longer than we would wait (exit 2). */
export class LockTimeoutError extends CivdlError {
	override readonly name = "LockTimeoutError";
	readonly code = "lock_timeout";
	constructor(
		readonly path: string,
		readonly owner: LockOwner | null,
		readonly timeoutMs: number,
	) {
		super(`${path} is locked by another civitai-dl run`);
	}
}

/** The run was interrupted (Ctrl-C / AbortSignal). */
export class InterruptedError extends CivdlError {
	override readonly name = "InterruptedError";
	readonly code = "interrupted";
	constructor() {
		super("interrupted");
	}
}

/** An error's words in the given language (its English message when it carries no catalogue key). */
export function wordsOf(e: unknown, m: Messages): string {
	const ref = (e as { msg?: Msg } | null)?.msg;
	if (ref && typeof ref === "object" && "key" in ref) return word(m, ref);
	return e instanceof Error ? e.message : String(e);
}
