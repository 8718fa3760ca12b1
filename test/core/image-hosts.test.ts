import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CIVITAI_IMAGE_HOSTS, type ImageRefusal, imageUrlRefusal } from "../../src/core/image-hosts.js";

describe("where a preview may come from (issue 25, finding 10)", () => {
	const local = ["http://127.0.0.1:8080", "http://127.0.0.1:8081"];
	const civitai = ["https://civitai.com", "https://civitai.red"];
	const cases: [string, string, readonly string[], string | undefined, ImageRefusal | undefined][] = [
		["Civitai's image host", "https://image.civitai.com/xG1/abc/width=450/1.jpeg", civitai, undefined, undefined],
		["Civitai's image host, any case, port 443", "https://IMAGE.civitai.com:443/a.jpeg", [], undefined, undefined],
		["Civitai's image host over http", "http://image.civitai.com/a.jpeg", civitai, undefined, "host"],
		["Civitai's image host on another port", "https://image.civitai.com:8443/a.jpeg", civitai, undefined, "host"],
		["a look-alike host", "https://image.civitai.com.evil.example/a.jpeg", civitai, undefined, "host"],
		["a subdomain of the image host", "https://x.image.civitai.com/a.jpeg", civitai, undefined, "host"],
		["credentials in the URL", "https://user:pw@image.civitai.com/a.jpeg", civitai, undefined, "host"],
		["the configured origin", "https://civitai.com/images/1.jpeg", civitai, undefined, undefined],
		["the local server's own origin", "http://127.0.0.1:8080/images/9500/3.jpeg", local, undefined, undefined],
		["the local red origin", "http://127.0.0.1:8081/images/1/0.jpeg", local, undefined, undefined],
		["another port of the local host", "http://127.0.0.1:9999/admin/reboot?confirm=1", local, undefined, "host"],
		["localhost by name", "http://localhost:8080/images/1/0.jpeg", local, undefined, "host"],
		["any other host", "https://example.com/a.jpeg", civitai, undefined, "host"],
		["not a URL", "not a url", civitai, undefined, "host"],
		[
			"a redirect from the image host to an allowed https host",
			"https://civitai.com/a.jpeg",
			civitai,
			"https://image.civitai.com/a",
			undefined,
		],
		[
			"a redirect from https down to http, even to a configured origin",
			"http://127.0.0.1:8080/a.jpeg",
			local,
			"https://image.civitai.com/a",
			"downgrade",
		],
		["a redirect within the local http origin", "http://127.0.0.1:8080/b.jpeg", local, "http://127.0.0.1:8080/a", undefined],
	];
	for (const [name, url, origins, from, want] of cases) it(name, () => assert.equal(imageUrlRefusal(url, origins, from), want));
	it("the image host named in the API reference", () => assert.deepEqual(CIVITAI_IMAGE_HOSTS, ["image.civitai.com"]));
});
