export { carterVersion, packageName, scaffold, type ScaffoldOptions, type Scaffolded } from "./scaffold.js";
export { main, type Output } from "./main.js";
