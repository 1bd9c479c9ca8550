import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "build/**", "**/*.js", "!eslint.config.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // preact/compat patches Preact globally: every <input onChange> then fires per keystroke/move
    // (React's meaning), which broke the device's slider. Core Preact has what the apps need.
    files: ["packages/device/src/**/*.{ts,tsx}", "packages/editor/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "preact/compat", message: "changes onChange app-wide; use preact core" }] },
      ],
    },
  },
  {
    files: ["packages/protocol/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*", "ws"], message: "protocol runs in browsers: no Node-only APIs" }] },
      ],
    },
  },
);
