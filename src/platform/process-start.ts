import { readFileSync } from "node:fs";

/**
 * When a process started, as the kernel counts it (Linux: field 22 of `/proc/<pid>/stat`, clock ticks
 * since boot), or undefined where that cannot be read (another system, no such process). With its pid
 * it names one process for good: a pid used again later by another process has another start.
 */
export function processStart(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		// the command name (field 2) is in parentheses and may hold spaces or parentheses itself
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		const start = fields[19];
		return start !== undefined && /^\d+$/.test(start) ? start : undefined;
	} catch {
		return undefined;
	}
}
