/** Which sidecar files to write next to a model (config `sidecars`, flags `--sidecars` / `--no-sidecars`). */
export interface SidecarSettings {
	/** `<base>.civitai.info`: the version object (Civitai Helper, LoRA Manager, SwarmUI). */
	info: boolean;
	/** `<base>.preview.<png|jpeg|webp>`: the first safe image of the version. */
	preview: boolean;
	/** `<base>.json`: A1111/Forge's own per-model notes, only when there is none. */
	webuiJson: boolean;
	/** `<base>.cm-info.json`: StabilityMatrix's connected-model file. */
	cmInfo: boolean;
	/** The preview is the first image whose `nsfwLevel` (1, 2, 4, 8, 16, 32) is at most this. */
	previewMaxNsfwLevel: number;
}

export const DEFAULT_SIDECARS: SidecarSettings = {
	info: true,
	preview: true,
	webuiJson: true,
	cmInfo: false,
	previewMaxNsfwLevel: 1,
};

/** No sidecar file at all. */
export const NO_SIDECARS: SidecarSettings = { ...DEFAULT_SIDECARS, info: false, preview: false, webuiJson: false, cmInfo: false };

/**
 * The flag over the config: `--no-sidecars` writes none; `--sidecars` writes the info, preview and
 * `.json` whatever the config says (the `.cm-info.json` stays as configured); no flag: the config.
 */
export function withSidecarFlag(s: SidecarSettings, flag: boolean | undefined): SidecarSettings {
	if (flag === undefined) return s;
	return flag
		? { ...s, info: true, preview: true, webuiJson: true }
		: { ...s, info: false, preview: false, webuiJson: false, cmInfo: false };
}

/** Whether any sidecar file is to be written. */
export function anySidecar(s: SidecarSettings | undefined): s is SidecarSettings {
	return s !== undefined && (s.info || s.preview || s.webuiJson || s.cmInfo);
}
