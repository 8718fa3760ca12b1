import { hostname } from "node:os";
import type { LockOwner } from "../errors.js";
import { processStart } from "../platform/process-start.js";

/** A lock's owner file read, and what this host can tell of the process it names. */

/** This process's start, recorded in its owner files: with the pid, it tells a live owner from a reused pid. */
export const OWN_START = processStart(process.pid);

/** The owner file's pid, host, start and command; null when it is not one. */
export function parseOwner(raw: string | null): LockOwner | null {
	if (raw === null) return null;
	try {
		const o = JSON.parse(raw) as Partial<LockOwner>;
		return typeof o.pid === "number" && typeof o.host === "string"
			? { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? ""), command: String(o.command ?? "") }
			: null;
	} catch {
		return null;
	}
}

/** The owner's process start (`processStart`), when its owner file records one. */
function procStartOf(raw: string | null): string | undefined {
	try {
		const start = (JSON.parse(raw ?? "null") as { procStart?: unknown } | null)?.procStart;
		return typeof start === "string" ? start : undefined;
	} catch {
		return undefined;
	}
}

/**
 * What this host can tell of a lock's owner. Dead: on this host and no such process, or its pid now
 * names another process (another start). Alive: the very process that took it is still there
 * (stopped with Ctrl-Z, or too busy to beat, it still holds the lock: its heartbeat is no reason to
 * take it). Unknown (another host, no owner file, an owner file without its start, a system
 * without /proc): judged by the heartbeat.
 */
export function ownerHere(owner: LockOwner | null, raw: string | null): "dead" | "alive" | "unknown" {
	if (owner === null || owner.host !== hostname()) return "unknown";
	try {
		process.kill(owner.pid, 0);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === "ESRCH") return "dead";
	}
	const recorded = procStartOf(raw);
	const now = recorded === undefined ? undefined : processStart(owner.pid);
	if (recorded === undefined || now === undefined) return "unknown";
	return now === recorded ? "alive" : "dead";
}
