// zod's `locales` namespace in the command-line bundle: the two languages civitai-dl speaks (see bundle.mjs).
export { default as en } from "zod/v4/locales/en.js";
export { default as ja } from "zod/v4/locales/ja.js";
