import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers.js";
import { EVERY_COMMAND, flagsTable } from "./flags-table.js";

/** issue 27 point 15: one vocabulary, and a table of the options each command takes (docs/commands.md), kept true. */
describe("the table of the options each command takes (docs/commands.md)", () => {
	it("is the command line's own (regenerate it with test/docs/flags-table.ts when a command changes)", async () => {
		const readme = await readFile(join(ROOT, "docs/commands.md"), "utf8");
		const start = readme.indexOf("<!-- flags-table -->\n");
		const end = readme.indexOf("\n<!-- /flags-table -->");
		assert.ok(start >= 0 && end > start, "docs/commands.md has the table between <!-- flags-table --> markers");
		assert.equal(readme.slice(start + "<!-- flags-table -->\n".length, end), flagsTable());
		for (const f of EVERY_COMMAND)
			assert.ok(readme.slice(start - 400, start).includes(`\`${f}\``), `${f} is named as one every command takes`);
	});
});
