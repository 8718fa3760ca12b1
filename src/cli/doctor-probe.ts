import { constants } from "node:fs";
import { access, readFile, stat, statfs } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { errorCode } from "../civitai/client.js";
import type { Settings } from "../config/load.js";
import type { FolderFacts, HistoryFacts, LockFacts, MeAnswer, RootFacts } from "../core/doctor.js";
import type { Site } from "../core/sites.js";
import { DownloadError } from "../errors.js";
import { readCsv } from "../history/csv-file.js";
import { lockPathFor } from "../history/lock.js";
import type { HttpContext } from "../platform/http.js";
import { Requests } from "../requests/requests.js";

/** The facts `doctor` judges (src/core/doctor.ts), read from the network and the disk. Nothing is changed. */

/** The longest `/api/v1/me` may take: a probe, not a download. */
const ME_TIMEOUT_MS = 15_000;

/** The gateway of a probe: the settings' sites and key, asked once each, within `ME_TIMEOUT_MS`. */
export function probeRequests(
	http: HttpContext,
	settings: { baseUrl: string; redBaseUrl?: string | null | undefined; apiKey: string },
	signal?: AbortSignal,
): Requests {
	return new Requests({ http, settings: { ...settings, sleepMs: 0, retryDelaysMs: [] }, signal, apiDeadlineMs: ME_TIMEOUT_MS });
}

/** Ask a site whose key this is (`/api/v1/me`), once; every outcome is an answer, never a throw. */
export async function askMe(requests: Requests, site: Site = requests.sites.base): Promise<MeAnswer> {
	try {
		const me = await requests.client(site).getMe(requests.signal);
		return { kind: "user", username: me.username };
	} catch (e) {
		if (e instanceof DownloadError && e.status !== undefined) return { kind: "http", status: e.status };
		if (e instanceof DownloadError && e.kind === "network") return { kind: "unreachable", code: errorCode(e.cause) };
		if (e instanceof DownloadError && e.kind === "bad_body") return { kind: "bad_answer" };
		return { kind: "unreachable", code: errorCode(e) };
	}
}

async function canWrite(path: string): Promise<boolean> {
	return access(path, constants.W_OK).then(
		() => true,
		() => false,
	);
}

async function free(path: string): Promise<number | null> {
	try {
		const s = await statfs(path);
		return s.bavail * s.bsize;
	} catch {
		return null;
	}
}

/** The nearest path at or above `path` that exists. */
async function nearestExisting(path: string): Promise<{ path: string; isDir: boolean }> {
	let at = path;
	for (;;) {
		const s = await stat(at).catch(() => null);
		if (s !== null) return { path: at, isDir: s.isDirectory() };
		const up = dirname(at);
		if (up === at) return { path: at, isDir: false };
		at = up;
	}
}

/** One entry per distinct folder, with the categories that share it. */
export async function rootFacts(layout: string, path: string): Promise<RootFacts> {
	const s = await stat(path).catch(() => null);
	return { layout, path, state: s === null ? "missing" : s.isDirectory() ? "dir" : "not_dir" };
}

export async function folderFacts(paths: Settings["downloadPaths"]): Promise<FolderFacts[]> {
	const byPath = new Map<string, string[]>();
	for (const [category, path] of Object.entries(paths)) byPath.set(path, [...(byPath.get(path) ?? []), category]);
	const out: FolderFacts[] = [];
	for (const [path, categories] of byPath) {
		const s = await stat(path).catch(() => null);
		if (s !== null) {
			const state = s.isDirectory() ? "dir" : "not_dir";
			out.push({ path, categories, state, writable: await canWrite(path), parent: null, freeBytes: await free(path) });
			continue;
		}
		const parent = await nearestExisting(dirname(path));
		const writable = parent.isDir && (await canWrite(parent.path));
		out.push({ path, categories, state: "missing", writable, parent, freeBytes: parent.isDir ? await free(parent.path) : null });
	}
	return out;
}

export async function historyFacts(path: string): Promise<HistoryFacts> {
	const s = await stat(path).catch(() => null);
	const exists = s !== null;
	const writable = exists ? await canWrite(path) : await nearestExisting(dirname(path)).then((p) => p.isDir && canWrite(p.path));
	try {
		const read = await readCsv(path);
		const foreign = read.warnings.find((w) => w.msg.key === "csvEncoding");
		const encoding = !exists ? null : foreign ? String((foreign.msg.params as { encoding: string }).encoding) : "UTF-8";
		const skipped = read.warnings.filter((w) => w.msg.key !== "csvEncoding" && w.msg.key !== "csvNoHeader").length;
		return { path, exists, readError: null, writable, encoding, rows: read.rows.length, skipped };
	} catch (e) {
		const code = (e as { cause?: { code?: string } }).cause?.code ?? errorCode(e);
		return { path, exists, readError: code, writable, encoding: null, rows: 0, skipped: 0 };
	}
}

/** The history lock's holder, if any: still running, or gone from this host (the next run takes it over). */
export async function lockFacts(history: string): Promise<LockFacts> {
	const dir = lockPathFor(history);
	if ((await stat(dir).catch(() => null)) === null) return { state: "free" };
	let owner: { pid?: unknown; host?: unknown } = {};
	try {
		owner = JSON.parse(await readFile(join(dir, "owner.json"), "utf8")) as typeof owner;
	} catch {}
	const pid = typeof owner.pid === "number" ? owner.pid : 0;
	const host = typeof owner.host === "string" ? owner.host : "?";
	return { state: host === hostname() && pid > 0 && !alive(pid) ? "gone" : "held", pid, host };
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code !== "ESRCH";
	}
}
