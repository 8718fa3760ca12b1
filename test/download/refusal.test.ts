import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { sitesOf } from "../../src/core/sites.js";
import type { Response } from "../../src/download/request.js";
import { refusal } from "../../src/download/response-checks.js";
import { systemClock } from "../../src/platform/clock.js";
import type { HttpContext } from "../../src/platform/http.js";

const http: HttpContext = { dispatcher: new Agent(), userAgent: "t", clock: systemClock };

function answer(url: string, status: number, body: string): Response {
	return {
		url,
		statusCode: status,
		headers: { "content-type": "application/json" },
		body: Readable.from([Buffer.from(body)]),
	} as unknown as Response;
}

const req = { sites: sitesOf({ baseUrl: "https://civitai.com", redBaseUrl: "https://civitai.red" }), apiKey: "k" };
const QUOTA = '{"error":"We have detected an unusual amount of downloading from your account"}';

describe("refusal: whose answer a 4xx/5xx is", () => {
	it("Civitai's own words from either of the run's Civitai origins (the quota is read on civitai.red too)", async () => {
		assert.equal((await refusal(answer("https://civitai.com/api/download/models/1", 429, QUOTA), req, http)).kind, "quota");
		assert.equal((await refusal(answer("https://civitai.red/api/download/models/1", 429, QUOTA), req, http)).kind, "quota");
	});
	it("a storage host's refusal is the storage's (its words, not Civitai's kinds)", async () => {
		const e = await refusal(answer("https://storage.example/x?sig=1", 403, '{"error":"expired"}'), req, http);
		assert.equal(e.msg.key, "errStorage");
	});
});
