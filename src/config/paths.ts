import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";
import { UsageError } from "../errors.js";
import { msg } from "../i18n/msg.js";

// Without the validator: `config path` and the command line's option parsing need these before (or without) any config.

/**
 * The per-user config file. Linux: `$XDG_CONFIG_HOME/civitai-dl/config.json` (`~/.config/...`). Windows:
 * `%APPDATA%\civitai-dl\Config\config.json` (the roaming profile, where Windows keeps a user's settings).
 * macOS: `~/Library/Application Support/civitai-dl/config.json`, the folder Apple gives an app's own
 * files (`~/Library/Preferences` is the defaults system's, for its .plist files); a config an earlier
 * version wrote to `~/Library/Preferences/civitai-dl/` is still found there while the new place has none.
 */
export function defaultConfigPath(
	env: NodeJS.ProcessEnv,
	platform: NodeJS.Platform = process.platform,
	exists: (path: string) => boolean = existsSync,
): string {
	if (platform === "darwin") {
		const library = join(env.HOME || homedir(), "Library");
		const support = join(library, "Application Support", "civitai-dl", "config.json");
		const earlier = join(library, "Preferences", "civitai-dl", "config.json");
		return !exists(support) && exists(earlier) ? earlier : support;
	}
	// env-paths reads XDG_CONFIG_HOME / APPDATA itself; pass them through by name for testability
	const saved = { XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
	if (env.XDG_CONFIG_HOME !== undefined) process.env.XDG_CONFIG_HOME = env.XDG_CONFIG_HOME;
	try {
		return join(envPaths("civitai-dl", { suffix: "" }).config, "config.json");
	} finally {
		if (saved.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
		else process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
	}
}

/** Parse a `--retry-delays 60,180,300` value (`flag` names the option in the error). */
export function parseDelayList(text: string, flag = "--retry-delays"): number[] {
	const parts = text.split(",").map((p) => p.trim());
	const nums = parts.map(Number);
	if (parts.length === 0 || parts.some((p) => p === "") || nums.some((n) => !Number.isFinite(n) || n < 0)) {
		throw new UsageError(msg("cfgBadDelays", { text, flag }));
	}
	return nums;
}
