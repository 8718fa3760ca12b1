import type { WireVersion } from "../civitai/wire-types.js";

/**
 * `<base>.civitai.info`: the version object as Civitai returned it, with one change: the file on
 * disk comes first in `files[]` and is the one marked `primary`. LoRA Manager takes the model's
 * SHA-256 from the primary entry (and ignores the info without one), Civitai Helper from
 * `files[0]`: with `--file-id` (an fp32 beside the fp16 primary) the raw object names the wrong file.
 */
export function civitaiInfo(version: WireVersion, fileId: number): WireVersion {
	const files = version.files ?? [];
	const mine = files.find((f) => f.id === fileId);
	if (!mine) return version;
	const others = files.filter((f) => f !== mine).map((f) => ({ ...f, primary: false }));
	return { ...version, files: [{ ...mine, primary: true }, ...others] };
}
