import type { Category } from "../core/categories.js";

// Without the validator: the command line's option parsing (`--layout`) needs these names before any config is read.

/** UI layouts whose model folders civitai-dl knows (relative to `root`). */
const A1111 = {
	checkpoint: "models/Stable-diffusion",
	lora: "models/Lora",
	embedding: "embeddings",
	vae: "models/VAE",
	controlnet: "models/ControlNet",
	upscaler: "models/ESRGAN",
	hypernetwork: "models/hypernetworks",
	motion: "extensions/sd-webui-animatediff/model",
	other: "models/other",
} as const;

export const LAYOUTS = {
	a1111: A1111,
	// Forge keeps A1111's folders; its AnimateDiff motion modules live under models/
	forge: { ...A1111, motion: "models/animatediff" },
	comfyui: {
		checkpoint: "models/checkpoints",
		lora: "models/loras",
		embedding: "models/embeddings",
		vae: "models/vae",
		controlnet: "models/controlnet",
		upscaler: "models/upscale_models",
		hypernetwork: "models/hypernetworks",
		motion: "models/animatediff_models",
		other: "models/other",
	},
} as const satisfies Record<string, Record<Category, string>>;

export type Layout = keyof typeof LAYOUTS;
