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

describe("an HTML error page is summarised, never printed whole (issue 27, point 17)", () => {
	const cases: [string, string, string][] = [
		[
			"no title: its first heading",
			"<html><body><h1>503 Service Temporarily Unavailable</h1><hr><center>nginx</center></body></html>",
			'"503 Service Temporarily Unavailable" (HTML)',
		],
		[
			"no title nor heading: its first words",
			"<!DOCTYPE html><html><head><style>body{color:red}</style><script>var x = 1;</script></head><body><p>The service is down for maintenance, please come back in a few minutes and try again, thank you for waiting</p></body></html>",
			'"The service is down for maintenance, please come back in a few minutes and…" (HTML)',
		],
		["a page with no text at all", "<html><body><img src=x></body></html>", "(HTML)"],
	];
	for (const [what, body, expected] of cases) it(what, () => assert.equal(serverMessage(body, "text/html"), expected));

	it("an HTML page sent as text/plain is an HTML page too", () => {
		assert.equal(serverMessage("<html><body><h1>Bad Gateway</h1></body></html>", "text/plain"), '"Bad Gateway" (HTML)');
	});

	it("the 503 page's error says the heading, not the markup", () => {
		const e = errorFromResponse(
			503,
			"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
			{ "content-type": "text/html" },
			0,
		);
		assert.equal(e.message, 'Civitai is unavailable or overloaded (503): "503 Service Temporarily Unavailable" (HTML)');
	});
});
