import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorFromResponse, serverMessage } from "../../src/civitai/http-errors.js";

describe("serverMessage cleans what the server says", () => {
	const cases: [string, string, string | undefined, string][] = [
		["JSON error", '{"error":"\\u001b]0;t\\u0007Not \\u001b[2Jfound"}', "application/json", "Not found"],
		["JSON error and message", '{"error":"a\\u0007","message":"b\\u001b[31m"}', "application/json", "a: b"],
		["an HTML title", "<html><title>\x1b]0;t\x07Oops\x1b[2J</title></html>", "text/html", '"Oops" (HTML)'],
		[
			"storage XML",
			"<Error><Code>Access\x1b[2JDenied</Code><Message>no\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\</Message></Error>",
			"application/xml",
			"AccessDenied: nolink",
		],
		["a text body", "bad\x1b[2K\r\x07 gateway\u202E", "text/plain", "bad gateway"],
		["a body of nothing but escapes", "\x1b[2J\x07", "text/plain", "—"],
	];
	for (const [what, body, ct, expected] of cases) it(what, () => assert.equal(serverMessage(body, ct), expected));

	it("an early-access deadline is cleaned too", () => {
		const e = errorFromResponse(
			403,
			JSON.stringify({ error: "Early Access", deadline: "2099-01-01\x1b]0;t\x07" }),
			{ "content-type": "application/json" },
			0,
		);
		assert.doesNotMatch(e.message, /[\x07\x1b]/);
	});
});
