// `npm run bench`: every benchmark, printed as one report. Figures are measured, never asserted.
import { playgroundReport } from "./playground.js";

const sections: string[] = [];
sections.push(`Machine: ${(await import("node:os")).cpus()[0]?.model ?? "?"} × ${(await import("node:os")).cpus().length}, Node ${process.version}`);
sections.push(await playgroundReport());
console.log(sections.join("\n\n"));
