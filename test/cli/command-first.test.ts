import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandFirst, optionsAfterCommand } from "../../src/cli/command-line.js";

describe("options every command takes, written before the command's name", () => {
	const cases: [string[], string[]][] = [
		[
			["--lang", "ja", "schedule", "0 3 * * *", "--", "history"],
			["schedule", "--lang", "ja", "0 3 * * *", "--", "history"],
		],
		[
			["--lang=ja", "history"],
			["history", "--lang=ja"],
		],
		[
			["-q", "--config", "c.json", "--no-color", "get", "version:1"],
			["get", "-q", "--config", "c.json", "--no-color", "version:1"],
		],
		[
			["--base-url", "http://127.0.0.1:1", "-v", "doctor"],
			["doctor", "--base-url", "http://127.0.0.1:1", "-v"],
		],
		[
			["--json", "--no-progress", "redownload", "all"],
			["redownload", "--json", "--no-progress", "all"],
		],
		// as they are: nothing before the command, help and version, a command's own option, a value missing
		[
			["get", "--lang", "ja", "version:1"],
			["get", "--lang", "ja", "version:1"],
		],
		[
			["--lang", "ja", "--help"],
			["--lang", "ja", "--help"],
		],
		[
			["--lang", "ja"],
			["--lang", "ja"],
		],
		[["--lang"], ["--lang"]],
		[
			["--sleep", "5", "get", "version:1"],
			["--sleep", "5", "get", "version:1"],
		],
		[["-V"], ["-V"]],
		[[], []],
	];
	for (const [argv, want] of cases) it(argv.join(" ") || "(nothing)", () => assert.deepEqual(commandFirst(argv), want));
});

describe("a command's own option before its name: the hint with the options after it", () => {
	const commands = ["get", "redownload", "schedule"];
	const cases: [string[], string | undefined][] = [
		[["--dry-run", "get", "model:4203"], "get --dry-run model:4203"],
		[["--sleep", "5", "get", "version:1"], "get --sleep 5 version:1"],
		[["--dry-run", "-y", "redownload", "all"], "redownload --dry-run -y all"],
		// nothing to move: a command first, no command at all, a command only after `--`
		[["get", "--frobnicate"], undefined],
		[["--frobnicate"], undefined],
		[["--x", "--", "get"], undefined],
		[["history", "--bogus"], undefined],
	];
	for (const [argv, want] of cases) it(argv.join(" "), () => assert.equal(optionsAfterCommand(argv, commands), want));
});
