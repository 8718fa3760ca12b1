import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfigPath } from "../../src/config/paths.js";

describe("the per-user config file, by each system's convention", () => {
	it("macOS: ~/Library/Application Support/civitai-dl (Apple's folder for an app's own files), not ~/Library/Preferences", () => {
		assert.equal(
			defaultConfigPath({ HOME: "/Users/me" }, "darwin", () => false),
			"/Users/me/Library/Application Support/civitai-dl/config.json",
		);
	});
	it("macOS: a config an earlier version wrote to ~/Library/Preferences is still found while the new place has none", () => {
		const earlier = "/Users/me/Library/Preferences/civitai-dl/config.json";
		assert.equal(
			defaultConfigPath({ HOME: "/Users/me" }, "darwin", (p) => p === earlier),
			earlier,
		);
		assert.equal(
			defaultConfigPath({ HOME: "/Users/me" }, "darwin", () => true),
			"/Users/me/Library/Application Support/civitai-dl/config.json",
		);
	});
	it("Linux: $XDG_CONFIG_HOME/civitai-dl", { skip: process.platform !== "linux" }, () => {
		assert.equal(defaultConfigPath({ XDG_CONFIG_HOME: "/home/me/.config" }, "linux"), "/home/me/.config/civitai-dl/config.json");
	});
});
