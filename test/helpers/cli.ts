import { spawn } from "node:child_process";
import { chmod, copyFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./repo.js";

/** The command-line tool as it ships: the bundle. */
export const BIN = join(ROOT, "dist/civitai-dl.mjs");

/**
 * Root writes anywhere, so a permission test run as root makes its run as an ordinary user (uid
 * 65534) from a copy of the bundle (entry and chunks) in `dir` that the user can read; as anyone else, as they are.
 */
export async function asOrdinaryUser(dir: string): Promise<{ uid?: number; bin?: string }> {
	if (process.getuid?.() !== 0) return {};
	const bin = await copyBundle(dir);
	await chmod(bin, 0o755);
	await chmod(dir, 0o777);
	return { uid: 65534, bin };
}

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Run the built CLI with no terminal on stdin, as CI and cron do. */
export function runCli(
	args: string[],
	opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number; stdin?: string; uid?: number; bin?: string; nodeArgs?: string[] },
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.bin ?? BIN, ...args], {
			cwd: opts.cwd,
			...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
			env: { PATH: process.env.PATH ?? "", HOME: opts.cwd, XDG_CONFIG_HOME: join(opts.cwd, ".config"), LANG: "C", ...opts.env },
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => (stdout += d));
		child.stderr.on("data", (d) => (stderr += d));
		child.stdin.end(opts.stdin ?? "");
		const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** Write a config for the local server with short, test-sized waits. */
export async function writeConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
	const path = join(dir, "config.json");
	await writeFile(
		path,
		JSON.stringify({
			history_file: "download_history.csv",
			rate_limit_settings: {
				sleep_between_downloads: 0,
				retry_delays: [0.2, 0.2, 0.2],
				network_retry_delays: [0.2, 0.2, 0.2],
				speed_threshold_kbps: 10,
				slow_duration_threshold_seconds: 2,
			},
			// one at a time unless a test asks for lanes: request order stays predictable
			concurrency: { small_files: 1 },
			...extra,
		}),
	);
	return path;
}

/** Copy the built CLI (its entry and the chunks beside it) into `dir`; returns the entry's path there. */
export async function copyBundle(dir: string): Promise<string> {
	const dist = join(ROOT, "dist");
	for (const f of await readdir(dist)) if (/^civitai-dl.*\.mjs$/.test(f)) await copyFile(join(dist, f), join(dir, f));
	return join(dir, "civitai-dl.mjs");
}
