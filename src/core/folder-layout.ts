import { safeFileName } from "./file-name.js";
import { fileInFolder } from "./inside-folders.js";

/**
 * How files are organised under each category's folder (config `folder_layout`, `--folder-layout`):
 * `{type}`, the category's folder itself (the default); `{type}/{base_model}`, a subfolder per base
 * model in it (`models/Lora/SDXL 1.0/x.safetensors`), as LoRA Manager offers. A1111, Forge and ComfyUI
 * read the subfolders of their model folders, so a UI layout keeps working. (`{base_model}/{type}` is
 * not offered: no UI looks for models outside its own type folders, and `import`, `doctor` and the
 * checks on shared lists read the type folders.)
 */
export const FOLDER_LAYOUTS = ["{type}", "{type}/{base_model}"] as const;
export type FolderLayout = (typeof FOLDER_LAYOUTS)[number];

/** The folder name for a base model the API did not give. */
export const UNKNOWN_BASE_MODEL = "Other";

/**
 * The folder a new file goes to: the category's folder (`typeDir`), or in it the base model's
 * subfolder, its name made one safe folder name (`SD 1.5`, `Flux.1 D`; a `../x` cannot climb out).
 * Pure.
 */
export function folderFor(typeDir: string, baseModel: string | undefined, layout: FolderLayout): string {
	if (layout === "{type}") return typeDir;
	const name = safeFileName((baseModel ?? "").trim(), UNKNOWN_BASE_MODEL);
	return fileInFolder(typeDir, name, UNKNOWN_BASE_MODEL);
}
