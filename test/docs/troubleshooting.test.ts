import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";
import { ROOT } from "../helpers.js";

/** Messages that are labels, prompts or progress, not errors or warnings a user must act on. */
const NOT_ERRORS = new Set([
	"cfgShowFile",
	"cfgSource",
	"cfgNotSet",
	"cfgNone",
	"cfgInitAskLayout",
	"cfgInitAskRoot",
	"cfgInitWrote",
	"cfgInitNext",
	"cliConfirm",
	"cliNothingDownloaded",
	"cliStopping",
]);
/** Errors outside the err/csv/cfg/cli/lock families. */
const ALSO = [
	"notifyNotSent",
	"notifyHttpStatus",
	"notifyTimeout",
	"notifyNetwork",
	"notifyNoWebhooks",
	"scheduleBadCron",
	"scheduleNoArgs",
	"scheduleNested",
	"scheduleBadCommand",
	"scheduleWouldAsk",
	"scheduleWouldAskLong",
	"scheduleNoStdin",
	"scheduleNeedsDashes",
];

const errorKeys = () => [...Object.keys(en).filter((k) => /^(err|csv|cfg|cli|lock|warn)[A-Z]/.test(k) && !NOT_ERRORS.has(k)), ...ALSO];

/** docs/troubleshooting.md, the whole file (the README keeps only the entries met most, and links here). */
async function troubleshooting(): Promise<string> {
	const text = await readFile(join(ROOT, "docs/troubleshooting.md"), "utf8");
	assert.ok(text.startsWith("# Troubleshooting\n"), "docs/troubleshooting.md is the troubleshooting reference");
	return text;
}

describe("docs/troubleshooting.md", () => {
	it("has an entry for every error and warning a user can meet", async () => {
		const covered = new Set([...(await troubleshooting()).matchAll(/<!-- keys: ([^>]*?) -->/g)].flatMap((m) => m[1]!.split(/,\s*/)));
		const missing = errorKeys().filter((k) => !covered.has(k));
		assert.deepEqual(missing, [], `add a Troubleshooting entry (with <!-- keys: ... -->) for: ${missing.join(", ")}`);
	});

	it("names only messages that exist (a renamed key fails here)", async () => {
		const covered = [...(await troubleshooting()).matchAll(/<!-- keys: ([^>]*?) -->/g)].flatMap((m) => m[1]!.split(/,\s*/));
		const unknown = covered.filter((k) => !(k in en));
		assert.deepEqual(unknown, []);
	});
});
