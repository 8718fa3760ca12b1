import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSource, type Source } from "../../src/core/sources.js";
import { UsageError } from "../../src/errors.js";

describe("parseSource", () => {
	const cases: [string, Source][] = [
		["user:alice_01", { kind: "creator", username: "alice_01" }],
		["USER:Bob.Art-3", { kind: "creator", username: "Bob.Art-3" }],
		["https://civitai.com/user/alice", { kind: "creator", username: "alice" }],
		["civitai.com/user/alice/models", { kind: "creator", username: "alice" }],
		["https://civitai.red/user/alice/models", { kind: "creator", username: "alice", site: "red" }],
		["favorites:", { kind: "favorites" }],
		["https://civitai.com/images/9173928", { kind: "image_page", imageId: 9173928 }],
		["https://civitai.red/images/5?postId=2", { kind: "image_page", imageId: 5, site: "red" }],
		["http://127.0.0.1:8080/images/7", { kind: "image_page", imageId: 7 }],
		["./outputs/ComfyUI_00001_.png", { kind: "image_file", path: "./outputs/ComfyUI_00001_.png" }],
		["shot.JPEG", { kind: "image_file", path: "shot.JPEG" }],
		["C:\\Users\\me\\a.webp", { kind: "image_file", path: "C:\\Users\\me\\a.webp" }],
		["workflow.json", { kind: "image_file", path: "workflow.json" }],
		["model:4384", { kind: "target", target: { kind: "model", modelId: 4384 } }],
		["https://civitai.com/models/4384", { kind: "target", target: { kind: "model", modelId: 4384 } }],
	];
	for (const [input, want] of cases) it(`reads ${input}`, () => assert.deepEqual(parseSource(input, ["127.0.0.1:8080"]), want));

	const bad: [string, RegExp][] = [
		["user:", /is not a Civitai user name/],
		["user:../etc", /is not a Civitai user name/],
		["https://civitai.com/user/a%2Fb", /is not a Civitai user name/],
		["https://civitai.com/user/alice/images", /not a creator's models/],
		["https://civitai.com/images/abc", /image id is not a number/],
		["https://civitai.com/collections/123", /does not list the models of a collection/],
		["favorites:alice", /takes nothing after the colon/],
		["https://example.com/a.png", /not a Civitai host/],
		["hello", /Expected a Civitai model URL/],
	];
	for (const [input, why] of bad) {
		it(`refuses ${input}`, () => {
			assert.throws(
				() => parseSource(input),
				(e: unknown) => e instanceof UsageError && why.test(e.message),
			);
		});
	}
});
