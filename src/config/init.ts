import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { defaultRedBaseUrl } from "../core/sites.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { exists } from "../platform/fs.js";
import { DEFAULT_SIDECARS } from "../sidecars/settings.js";
import type { Layout } from "./layouts.js";
import { DEFAULT_DOWNLOAD_PATHS } from "./schema.js";

/**
 * A starter config with every key at its default: a seed-compatible file a user can edit, listing
 * every setting there is. With `base` (the folder `config init` ran in) the folders and the history
 * are written as absolute paths under it, so nothing moves: without a file they resolved against that
 * folder too, while a relative path in the file would resolve against the config's own folder
 * (~/.config/civitai-dl/models/...). `red_base_url` is written (as civitai.red) only when the base URL
 * in force (`baseUrl`: flag, env, else civitai.com) is civitai.com: beside another base URL the
 * default is no red origin, and writing one would send the key to a host the user did not name.
 */
export function starterConfig(opts: {
	layout: Layout | null;
	root: string | null;
	base?: string;
	baseUrl?: string;
	/** The `base_url` to write (`config init --base-url`); civitai.com when absent. */
	writeBaseUrl?: string;
	/** The `red_base_url` to write (`config init --red-base-url`); absent: the default beside the base URL. */
	writeRedBaseUrl?: string;
}): Record<string, unknown> {
	const at = (p: string) => (opts.base === undefined ? p : join(opts.base, p));
	const paths = Object.fromEntries(Object.entries(DEFAULT_DOWNLOAD_PATHS).map(([c, p]) => [c, at(p)]));
	const red = opts.writeRedBaseUrl ?? redDefaultFor(opts.baseUrl ?? "https://civitai.com");
	const s = DEFAULT_SIDECARS;
	return {
		api_key: "",
		base_url: opts.writeBaseUrl ?? "https://civitai.com",
		...(red === null ? {} : { red_base_url: red }),
		layout: opts.layout,
		root: opts.root,
		...(opts.layout === null ? { download_paths: paths } : {}),
		folder_layout: "{type}",
		history_file: at("download_history.csv"),
		rate_limit_settings: {
			sleep_between_downloads: 5,
			retry_delays: [60, 180, 300],
			speed_threshold_kbps: 10,
			slow_duration_threshold_seconds: 30,
			network_retry_delays: [10, 30, 90],
			outage_after_failures: 3,
			lookup_pause: 1,
		},
		concurrency: { small_files: 3, connections_per_file: 1 },
		notifications: { webhooks: [], when: "unattended", timeout_seconds: 10, retry_delays: [2, 10] },
		updates: { ignore_models: [], ignore_versions: [] },
		sidecars: {
			info: s.info,
			preview: s.preview,
			webui_json: s.webuiJson,
			cm_info: s.cmInfo,
			preview_max_nsfw_level: s.previewMaxNsfwLevel,
		},
	};
}

/** The red origin's default beside a base URL; null for one that is not a URL (the settings refuse it later). */
function redDefaultFor(baseUrl: string): string | null {
	try {
		return defaultRedBaseUrl(baseUrl);
	} catch {
		return null;
	}
}

/**
 * Write a config file readable only by its owner (0600 where the OS has modes), in full or not at all. An
 * existing file is kept as `<path>.bak` first; the caller decides whether replacing is allowed.
 */
export async function writeConfigFile(path: string, content: Record<string, unknown>): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	if (await exists(path)) await copyFile(path, `${path}.bak`);
	// the config is the user's own file: a symlink there (a dotfiles folder) is followed
	await writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, links: "follow" });
}
