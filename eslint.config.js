// ESLint: the recommended JavaScript and typescript-eslint rules, and React's hook rules for the
// Preact panel (hook dependency lists are checked, not kept by hand). Formatting is Prettier's.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "test-artifacts/", "bench-results/", "weights/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Matching control characters on purpose is how names are made printable (kit/printable.ts,
      // shared/bound-text.ts) and how the bad-input tests check that none reach a terminal.
      "no-control-regex": "off",
    },
  },
  {
    // The panel's Preact code. Elsewhere `use…` names are not hooks (useNodeBackend, tfjs's backends).
    files: ["src/ui/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: globals.node } },
);
