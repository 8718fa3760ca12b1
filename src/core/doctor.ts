import { insideAny } from "./inside-folders.js";

/**
 * What each `doctor` observation means: pure functions from plain facts (gathered at the edge,
 * src/cli/doctor-probe.ts) to one finding per line, with a status and a reason the CLI words.
 */

export type CheckStatus = "ok" | "warn" | "fail";

/** How Civitai answered `GET /api/v1/me`. */
export type MeAnswer =
	| { kind: "user"; username: string | null }
	| { kind: "http"; status: number }
	| { kind: "unreachable"; code: string }
	| { kind: "bad_answer" };

export interface FolderFacts {
	path: string;
	categories: string[];
	state: "dir" | "missing" | "not_dir";
	/** The folder (or, when missing, its nearest existing parent) takes new files. */
	writable: boolean;
	/** When missing: the nearest parent that exists, and whether it is a folder. */
	parent: { path: string; isDir: boolean } | null;
	freeBytes: number | null;
}

/** The layout's root (`root`, the UI's install folder), when a layout is in use. */
export interface RootFacts {
	layout: string;
	path: string;
	state: "dir" | "missing" | "not_dir";
}

export interface HistoryFacts {
	path: string;
	exists: boolean;
	readError: string | null;
	writable: boolean;
	encoding: string | null;
	rows: number;
	skipped: number;
}

export type LockFacts = { state: "free" } | { state: "held" | "gone"; pid: number; host: string };

export type Reason =
	| { r: "config_ok"; path: string }
	| { r: "config_missing"; path: string }
	| { r: "config_error"; path: string; error: string }
	| { r: "key_ok"; username: string }
	| { r: "key_none" }
	| { r: "key_rejected"; status: number }
	| { r: "key_unchecked" }
	| { r: "key_elsewhere_ok"; origin: string; username: string }
	| { r: "key_elsewhere_rejected"; origin: string; status: number }
	| { r: "key_elsewhere_unchecked"; origin: string }
	| { r: "api_ok"; origin: string }
	| { r: "api_unreachable"; origin: string; code: string }
	| { r: "api_status"; origin: string; status: number }
	| { r: "api_bad_answer"; origin: string }
	| { r: "folder_ok"; path: string; categories: string; free: number | null }
	| { r: "folder_will_create"; path: string; categories: string; free: number | null }
	| { r: "folder_low_space"; path: string; categories: string; free: number }
	| { r: "folder_not_writable"; path: string; categories: string }
	| { r: "folder_blocked"; path: string; categories: string; blocker: string }
	| { r: "root_ok"; path: string; layout: string }
	| { r: "root_missing"; path: string; layout: string }
	| { r: "root_not_dir"; path: string; layout: string }
	| { r: "history_ok"; path: string; rows: number; encoding: string }
	| { r: "history_new"; path: string }
	| { r: "history_unreadable"; path: string; error: string }
	| { r: "history_not_writable"; path: string }
	| { r: "history_encoding"; path: string; encoding: string }
	| { r: "history_skipped"; path: string; count: number }
	| { r: "lock_free"; path: string }
	| { r: "lock_held"; path: string; pid: number; host: string }
	| { r: "lock_gone"; path: string; pid: number; host: string }
	| { r: "hooks_none" }
	| { r: "hook_ready"; hook: string }
	| { r: "hook_sent"; hook: string }
	| { r: "hook_failed"; hook: string; reason: string };

export type CheckName = "config" | "key" | "api" | "root" | "folder" | "history" | "lock" | "webhook";

export interface Finding {
	check: CheckName;
	status: CheckStatus;
	reason: Reason;
}

/** Below this much free space a folder gets a warning: one large checkpoint would not fit. */
export const LOW_SPACE_BYTES = 8 * 2 ** 30;

const f = (check: CheckName, status: CheckStatus, reason: Reason): Finding => ({ check, status, reason });

export function judgeConfig(path: string, found: boolean, error: string | null): Finding {
	if (error !== null) return f("config", "fail", { r: "config_error", path, error });
	return found ? f("config", "ok", { r: "config_ok", path }) : f("config", "ok", { r: "config_missing", path });
}

/** The key, from `/api/v1/me`: a user is fine; a 401/403 means the key is wrong, expired or revoked. */
export function judgeKey(hasKey: boolean, me: MeAnswer): Finding {
	if (!hasKey) return f("key", "warn", { r: "key_none" });
	if (me.kind === "user") return f("key", "ok", { r: "key_ok", username: me.username ?? "?" });
	if (me.kind === "http" && (me.status === 401 || me.status === 403)) return f("key", "fail", { r: "key_rejected", status: me.status });
	// Civitai did not answer: the API line says so; this one only says the key is unknown
	return f("key", "warn", { r: "key_unchecked" });
}

/** The key on the second origin (civitai.red): downloads go to `base_url` first, so at worst a warning. */
export function judgeKeyElsewhere(origin: string, me: MeAnswer): Finding {
	if (me.kind === "user") return f("key", "ok", { r: "key_elsewhere_ok", origin, username: me.username ?? "?" });
	if (me.kind === "http" && (me.status === 401 || me.status === 403)) {
		return f("key", "warn", { r: "key_elsewhere_rejected", origin, status: me.status });
	}
	return f("key", "warn", { r: "key_elsewhere_unchecked", origin });
}

/** Reaching the API: any answer from Civitai itself counts (a 401 without a key too); 5xx and silence do not. */
export function judgeApi(origin: string, me: MeAnswer): Finding {
	if (me.kind === "unreachable") return f("api", "fail", { r: "api_unreachable", origin, code: me.code });
	if (me.kind === "bad_answer") return f("api", "fail", { r: "api_bad_answer", origin });
	if (me.kind === "http" && me.status !== 401 && me.status !== 403) return f("api", "fail", { r: "api_status", origin, status: me.status });
	return f("api", "ok", { r: "api_ok", origin });
}

export function judgeFolder(x: FolderFacts): Finding {
	const base = { path: x.path, categories: x.categories.join(", ") };
	if (x.state === "not_dir") return f("folder", "fail", { r: "folder_blocked", ...base, blocker: x.path });
	if (x.state === "missing" && x.parent !== null && !x.parent.isDir) {
		return f("folder", "fail", { r: "folder_blocked", ...base, blocker: x.parent.path });
	}
	if (!x.writable) return f("folder", "fail", { r: "folder_not_writable", ...base });
	if (x.freeBytes !== null && x.freeBytes < LOW_SPACE_BYTES)
		return f("folder", "warn", { r: "folder_low_space", ...base, free: x.freeBytes });
	return x.state === "dir"
		? f("folder", "ok", { r: "folder_ok", ...base, free: x.freeBytes })
		: f("folder", "ok", { r: "folder_will_create", ...base, free: x.freeBytes });
}

/**
 * The UI's install folder: there, or not (a typo: every model folder of the layout would be made
 * under a folder nobody's UI reads), or a file (nothing could be made under it).
 */
export function judgeRoot(x: RootFacts): Finding {
	const base = { path: x.path, layout: x.layout };
	if (x.state === "dir") return f("root", "ok", { r: "root_ok", ...base });
	return x.state === "missing" ? f("root", "warn", { r: "root_missing", ...base }) : f("root", "fail", { r: "root_not_dir", ...base });
}

/**
 * The folder lines. Under a root that is not a folder they are left out: each would say it "will be
 * created" under the typo, and the root's own line already says what is wrong.
 */
export function judgeFolders(folders: readonly FolderFacts[], root: RootFacts | null): Finding[] {
	const underMissingRoot = (p: string) => root !== null && root.state !== "dir" && insideAny(p, [root.path]);
	return folders.filter((x) => !underMissingRoot(x.path)).map(judgeFolder);
}

/** The history: one line for reading/writing, and extra lines only for what needs attention. */
export function judgeHistory(x: HistoryFacts): Finding[] {
	if (x.readError !== null) return [f("history", "fail", { r: "history_unreadable", path: x.path, error: x.readError })];
	const out: Finding[] = [];
	if (!x.writable) out.push(f("history", "fail", { r: "history_not_writable", path: x.path }));
	else if (!x.exists) out.push(f("history", "ok", { r: "history_new", path: x.path }));
	else out.push(f("history", "ok", { r: "history_ok", path: x.path, rows: x.rows, encoding: x.encoding ?? "UTF-8" }));
	if (x.encoding !== null && x.encoding !== "UTF-8")
		out.push(f("history", "warn", { r: "history_encoding", path: x.path, encoding: x.encoding }));
	if (x.skipped > 0) out.push(f("history", "warn", { r: "history_skipped", path: x.path, count: x.skipped }));
	return out;
}

export function judgeLock(path: string, x: LockFacts): Finding {
	if (x.state === "free") return f("lock", "ok", { r: "lock_free", path });
	if (x.state === "gone") return f("lock", "warn", { r: "lock_gone", path, pid: x.pid, host: x.host });
	return f("lock", "warn", { r: "lock_held", path, pid: x.pid, host: x.host });
}

/** Webhooks: named, never shown; sent only when asked (`--notify`). */
export function judgeHooks(hooks: { hook: string; sent: { ok: boolean; reason: string | null } | null }[]): Finding[] {
	if (hooks.length === 0) return [f("webhook", "ok", { r: "hooks_none" })];
	return hooks.map(({ hook, sent }) => {
		if (sent === null) return f("webhook", "ok", { r: "hook_ready", hook });
		return sent.ok
			? f("webhook", "ok", { r: "hook_sent", hook })
			: f("webhook", "fail", { r: "hook_failed", hook, reason: sent.reason ?? "" });
	});
}

/** 0 when nothing failed (warnings pass), else 1. */
export function doctorExit(findings: readonly Finding[]): 0 | 1 {
	return findings.some((x) => x.status === "fail") ? 1 : 0;
}
