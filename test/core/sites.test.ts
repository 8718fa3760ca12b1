import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultRedBaseUrl, isOnRed, keyGoesTo, parseTargetOn, siteAt, siteOfRow, sitesOf } from "../../src/core/sites.js";

const COM = { baseUrl: "https://civitai.com", redBaseUrl: "https://civitai.red" };
const LOCAL = { baseUrl: "http://127.0.0.1:8080/", redBaseUrl: "http://127.0.0.1:9090" };

describe("the run's Civitai sites", () => {
	it("base first, then red when configured and another origin", () => {
		const table: [string, Parameters<typeof sitesOf>[0], string[]][] = [
			["civitai.com alone", { baseUrl: "https://civitai.com/" }, ["base https://civitai.com"]],
			[
				"with civitai.red (a path is dropped from the origin)",
				{ baseUrl: "https://civitai.com", redBaseUrl: "https://civitai.red/api" },
				["base https://civitai.com", "red https://civitai.red"],
			],
			[
				"red equal to base is no second site",
				{ baseUrl: "https://civitai.com", redBaseUrl: "https://civitai.com/x" },
				["base https://civitai.com"],
			],
			["red null", { baseUrl: "https://civitai.com", redBaseUrl: null }, ["base https://civitai.com"]],
			["two local ports", LOCAL, ["base http://127.0.0.1:8080", "red http://127.0.0.1:9090"]],
		];
		for (const [name, settings, want] of table) {
			assert.deepEqual(
				sitesOf(settings).all.map((s) => `${s.name} ${s.origin}`),
				want,
				name,
			);
		}
		assert.equal(sitesOf(LOCAL).base.baseUrl, "http://127.0.0.1:8080", "the trailing slash is dropped");
		assert.equal(sitesOf(COM).red?.host, "civitai.red");
	});

	it("the key goes to the sites' exact origins only: scheme, host and port", () => {
		const sites = sitesOf(COM);
		const table: [string, boolean][] = [
			["https://civitai.com/api/download/models/1", true],
			["https://civitai.red/api/v1/me", true],
			["http://civitai.com/api/v1/me", false],
			["https://civitai.com:444/api", false],
			["https://www.civitai.com/api", false],
			["https://b2.civitai.com/file?sig=1", false],
			["https://civitai.com.evil.example/", false],
			["not a url", false],
		];
		for (const [url, goes] of table) assert.equal(keyGoesTo(sites, url), goes, url);
		assert.equal(
			keyGoesTo(sitesOf({ baseUrl: "https://civitai.com", redBaseUrl: null }), "https://civitai.red/api/v1/me"),
			false,
			"no red site: no key to red",
		);
		assert.equal(siteAt(sites, new URL("https://civitai.red/x"))?.name, "red");
	});

	it("targets: the base URL's host is accepted, the red site's and civitai.red's are marked red", () => {
		const sites = sitesOf(LOCAL);
		assert.deepEqual(parseTargetOn(sites, "http://127.0.0.1:8080/models/5"), { kind: "model", modelId: 5 });
		assert.deepEqual(parseTargetOn(sites, "http://127.0.0.1:9090/models/5"), { kind: "model", modelId: 5, site: "red" });
		assert.deepEqual(parseTargetOn(sitesOf(COM), "https://civitai.red/models/5"), { kind: "model", modelId: 5, site: "red" });
		assert.throws(() => parseTargetOn(sites, "http://127.0.0.2:8080/models/5"), { name: "TargetError" });
	});

	it("a history row's site: red for civitai.red and the red host (when there is a red site), else base", () => {
		const sites = sitesOf(LOCAL);
		assert.equal(siteOfRow(sites, "http://127.0.0.1:9090/api/download/models/1").name, "red");
		assert.equal(siteOfRow(sites, "https://civitai.red/api/download/models/1").name, "red");
		assert.equal(siteOfRow(sites, "http://127.0.0.1:8080/api/download/models/1").name, "base");
		assert.equal(siteOfRow(sites, "garbage").name, "base");
		assert.equal(siteOfRow(sitesOf({ baseUrl: "http://127.0.0.1:8080" }), "https://civitai.red/x").name, "base", "no red site to go to");
		assert.equal(isOnRed(sites, "::"), false);
	});

	it("red by default only beside civitai.com", () => {
		assert.equal(defaultRedBaseUrl("https://civitai.com/"), "https://civitai.red");
		assert.equal(defaultRedBaseUrl("http://127.0.0.1:8080"), null);
		assert.equal(defaultRedBaseUrl("https://www.civitai.com"), null);
	});
});
