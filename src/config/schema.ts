import { z } from "zod";
import { CATEGORIES, type Category } from "../core/categories.js";
import { FOLDER_LAYOUTS } from "../core/folder-layout.js";
import { NOTIFY_WHEN } from "../core/notify-when.js";

export const DEFAULT_DOWNLOAD_PATHS: Record<Category, string> = Object.fromEntries(CATEGORIES.map((c) => [c, `models/${c}`])) as Record<
	Category,
	string
>;

const seconds = z.number().min(0);

/** The config file (SPEC §2). Every key optional; a seed-era file (api_key, download_paths, rate_limit_settings) is valid. */
export const ConfigFileSchema = z.object({
	api_key: z.string().optional(),
	base_url: z.url({ protocol: /^https?$/ }).optional(),
	/** The mature site's origin (civitai.red); null: none. */
	red_base_url: z
		.url({ protocol: /^https?$/ })
		.nullable()
		.optional(),
	download_paths: z.partialRecord(z.enum(CATEGORIES), z.string().min(1)).optional(),
	layout: z.enum(["a1111", "forge", "comfyui"]).nullable().optional(),
	root: z.string().min(1).nullable().optional(),
	folder_layout: z.enum(FOLDER_LAYOUTS).optional(),
	history_file: z.string().min(1).optional(),
	rate_limit_settings: z
		.object({
			sleep_between_downloads: seconds.optional(),
			retry_delays: z.array(seconds).max(20).optional(),
			speed_threshold_kbps: z.number().min(0).optional(),
			slow_duration_threshold_seconds: seconds.optional(),
			network_retry_delays: z.array(seconds).max(20).optional(),
			outage_after_failures: z.int().min(0).max(1000).optional(),
			/** Seconds between two lookups (model lists, by-hash, sidecar repairs). */
			lookup_pause: seconds.optional(),
		})
		.optional(),
	concurrency: z
		.object({
			small_files: z.int().min(1).max(16).optional(),
			connections_per_file: z.int().min(1).max(16).optional(),
		})
		.optional(),
	sidecars: z
		.object({
			info: z.boolean().optional(),
			preview: z.boolean().optional(),
			webui_json: z.boolean().optional(),
			cm_info: z.boolean().optional(),
			preview_max_nsfw_level: z.int().min(1).max(32).optional(),
		})
		.optional(),
	notifications: z
		.object({
			webhooks: z
				.array(
					z.object({
						kind: z.enum(["discord", "slack", "json"]),
						url: z.url(),
						on: z.array(z.enum(["finished", "failed", "parked", "item_failed", "outdated"])).optional(),
					}),
				)
				.optional(),
			when: z.enum(NOTIFY_WHEN).optional(),
			timeout_seconds: z.number().positive().max(600).optional(),
			retry_delays: z.array(seconds).max(10).optional(),
		})
		.optional(),
	updates: z
		.object({
			ignore_models: z.array(z.int().positive()).max(100_000).optional(),
			ignore_versions: z.array(z.int().positive()).max(100_000).optional(),
		})
		.optional(),
});

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The keys each object in the file may have, for warnings about unknown (misspelt) keys: read off the schema itself. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
	"": Object.keys(ConfigFileSchema.shape),
	...Object.fromEntries(
		(["rate_limit_settings", "concurrency", "notifications", "updates", "sidecars"] as const).map((k) => [
			k,
			Object.keys(ConfigFileSchema.shape[k].unwrap().shape),
		]),
	),
	download_paths: CATEGORIES,
};
