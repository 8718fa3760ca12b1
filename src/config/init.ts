import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { exists } from "../platform/fs.js";
import { DEFAULT_DOWNLOAD_PATHS, type Layout } from "./schema.js";

/**
 * A starter config with every key at its default: a seed-compatible file a user can edit. With `base`
 * (the folder `config init` ran in) the folders and the history are written as absolute paths under it,
 * so nothing moves: without a file they resolved against that folder too, while a relative path in the
 * file would resolve against the config's own folder (~/.config/civitai-dl/models/...).
 */
export function starterConfig(opts: { layout: Layout | null; root: string | null; base?: string }): Record<string, unknown> {
	const at = (p: string) => (opts.base === undefined ? p : join(opts.base, p));
	const paths = Object.fromEntries(Object.entries(DEFAULT_DOWNLOAD_PATHS).map(([c, p]) => [c, at(p)]));
	return {
		api_key: "",
		base_url: "https://civitai.com",
		layout: opts.layout,
		root: opts.root,
		...(opts.layout === null ? { download_paths: paths } : {}),
		history_file: at("download_history.csv"),
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

/**
 * Write a config file readable only by its owner (0600 where the OS has modes), atomically. An
 * existing file is kept as `<path>.bak` first; the caller decides whether replacing is allowed.
 */
export async function writeConfigFile(path: string, content: Record<string, unknown>): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	if (await exists(path)) await copyFile(path, `${path}.bak`);
	await writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}
