// The first paint: the page's frame and the policy as text, before the editor (Monaco, most of the
// page's weight) and the compiler arrive. Then the workbench itself is loaded and takes over.

import defaultPolicy from "../policies/retail-returns.policy?raw";

const STORAGE_KEY = "proviso.playground.v1";

function firstText(): string {
  // A share link is decoded by the workbench; until then the frame shows nothing misleading.
  if (location.hash) return "";
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as { policy?: unknown } | null;
    if (typeof stored?.policy === "string") return stored.policy;
  } catch {
    // Storage may be disabled; the default example is shown.
  }
  return defaultPolicy;
}

const container = document.getElementById("policy-editor");
if (container && !container.firstChild) {
  const pre = document.createElement("pre");
  pre.className = "first-paint";
  pre.textContent = firstText();
  container.append(pre);
}
document.getElementById("status")!.textContent = "loading the editor…";
// After the frame is painted: the workbench (editor, compiler worker, runtime).
requestAnimationFrame(() => setTimeout(() => void import("./main.js"), 0));
