import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { DEFAULT_DOWNLOAD_PATHS, type Layout } from "./schema.js";

/** A starter config with every key at its default: a seed-compatible file a user can edit. */
export function starterConfig(opts: { layout: Layout | null; root: string | null }): Record<string, unknown> {
	return {
		api_key: "",
		base_url: "https://civitai.com",
		layout: opts.layout,
		root: opts.root,
		...(opts.layout === null ? { download_paths: { ...DEFAULT_DOWNLOAD_PATHS } } : {}),
		history_file: "download_history.csv",
		rate_limit_settings: {
			sleep_between_downloads: 5,
			retry_delays: [60, 180, 300],
			speed_threshold_kbps: 10,
			slow_duration_threshold_seconds: 30,
		},
		concurrency: { small_files: 3, connections_per_file: 1 },
		notifications: { webhooks: [] },
	};
}

export async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}

/**
 * Write a config file readable only by its owner (0600 where the OS has modes), atomically. An
 * existing file is kept as `<path>.bak` first; the caller decides whether replacing is allowed.
 */
export async function writeConfigFile(path: string, content: Record<string, unknown>): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	if (await exists(path)) await copyFile(path, `${path}.bak`);
	await writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}
