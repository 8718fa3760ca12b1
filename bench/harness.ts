/** Shared pieces of the benchmarks: timing child processes, their peak memory, medians, and tool checks. */
import { execFileSync, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface Sample {
	seconds: number;
	/** Peak resident set size of the measured process, MB (from /usr/bin/time). */
	maxRssMb: number;
	/** CPU seconds in user and kernel mode (from /usr/bin/time, children included). */
	userS: number;
	sysS: number;
	code: number;
}

/** Run a command under /usr/bin/time: wall time from here, peak RSS (%M) and CPU (%U, %S) from time. */
export function measure(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Sample> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		const child = spawn("/usr/bin/time", ["-f", "__rss %M %U %S", cmd, ...args], {
			cwd: opts.cwd,
			env: { ...process.env, ...opts.env },
			stdio: ["ignore", "ignore", "pipe"],
		});
		let err = "";
		child.stderr.on("data", (d) => (err += d));
		child.on("error", reject);
		child.on("close", (code) => {
			const seconds = (performance.now() - t0) / 1000;
			const m = /__rss (\d+) ([\d.]+) ([\d.]+)/.exec(err);
			const rss = Number(m?.[1] ?? "0") / 1024;
			if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 4).join(" ")} … exited ${code}: ${err.slice(-600)}`));
			else resolve({ seconds, maxRssMb: rss, userS: Number(m?.[2] ?? "0"), sysS: Number(m?.[3] ?? "0"), code: code ?? 0 });
		});
	});
}

export { median } from "./judge.js";

/** A tool the comparison needs; when missing, say which Debian package has it, and install nothing. */
export function requireTool(bin: string, debianPackage: string): string {
	try {
		return execFileSync(bin, ["--version"], { encoding: "utf8" }).split("\n")[0]!.trim();
	} catch {
		throw new Error(`${bin} is not installed; the benchmark compares against it. Install it with: sudo apt-get install ${debianPackage}`);
	}
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Issue 31's memory target for a 1 GiB file (one or four connections) and 200 small files; issue 18's was 100 MB. */
export const RSS_TARGET_MB = 64;
const ISSUE_18_RSS_MB = 100;

/** Peak RSS of every civitai-dl row of a comparison against issue 31's 64 MB (and issue 18's 100 MB, for the record). */
export function rssVerdict(rows: { name: string; samples: Sample[] }[]): string {
	const ours = rows.filter((r) => r.name.startsWith("civitai-dl"));
	const worst = Math.max(...ours.map((r) => Math.max(...r.samples.map((s) => s.maxRssMb))));
	const against = (mb: number) => (worst <= mb ? "met" : "NOT met");
	return `peak RSS of civitai-dl: ${fmt(worst, 0)} MB at most (target ≤ ${RSS_TARGET_MB} MB): ${against(RSS_TARGET_MB)}; issue 18's ≤ ${ISSUE_18_RSS_MB} MB: ${against(ISSUE_18_RSS_MB)}`;
}
