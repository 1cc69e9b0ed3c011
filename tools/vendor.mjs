// Copy the pinned browser libraries from node_modules into the repository (run `npm ci && npm run vendor`).
// svg-pan-zoom is served with the site (docs/assets/vendor/); axe-core is only injected by the browser tests.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const copies = [
  ["svg-pan-zoom/dist/svg-pan-zoom.min.js", "docs/assets/vendor/svg-pan-zoom/svg-pan-zoom.min.js"],
  ["svg-pan-zoom/LICENSE", "docs/assets/vendor/svg-pan-zoom/LICENSE"],
  ["axe-core/axe.min.js", "tests/browser/vendor/axe-core/axe.min.js"],
  ["axe-core/LICENSE", "tests/browser/vendor/axe-core/LICENSE"],
];
for (const [from, to] of copies) {
  const source = join(here, "node_modules", from);
  const target = join(root, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  console.log(`${from} -> ${to}`);
}
for (const name of ["svg-pan-zoom", "axe-core"]) {
  const { version } = JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8"));
  console.log(`${name} ${version}`);
}
