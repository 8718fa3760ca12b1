import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type FolderLayout, folderFor } from "../../src/core/folder-layout.js";

describe("folder_layout: where a new file goes under its category's folder", () => {
	const lora = join("/ComfyUI", "models", "loras");
	for (const [layout, base, want] of [
		["{type}", "SDXL 1.0", lora],
		["{type}/{base_model}", "SDXL 1.0", join(lora, "SDXL 1.0")],
		["{type}/{base_model}", "SD 1.5", join(lora, "SD 1.5")],
		["{type}/{base_model}", "Flux.1 D", join(lora, "Flux.1 D")],
		["{type}/{base_model}", undefined, join(lora, "Other")],
		["{type}/{base_model}", "  ", join(lora, "Other")],
		["{type}/{base_model}", "../../etc", join(lora, "etc")],
		["{type}/{base_model}", "a/b", join(lora, "b")],
		["{type}/{base_model}", "..", join(lora, "Other")],
	] as [FolderLayout, string | undefined, string][]) {
		it(`${layout}, base model ${JSON.stringify(base)} → ${want}`, () => assert.equal(folderFor(lora, base, layout), want));
	}
});
