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

async function troubleshooting(): Promise<string> {
	const readme = await readFile(join(ROOT, "README.md"), "utf8");
	const start = readme.indexOf("\n## Troubleshooting\n");
	assert.ok(start >= 0, "the README has a Troubleshooting section");
	const end = readme.indexOf("\n## ", start + 1);
	return readme.slice(start, end < 0 ? undefined : end);
}

describe("README troubleshooting", () => {
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
