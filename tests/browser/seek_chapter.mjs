// Open a factsheet page in Debian's headless Chromium, click one chapter of the on-page player and
// report, as JSON, whether the page is still there and where the player now is.
// Usage: node tests/browser/seek_chapter.mjs URL CHAPTER_NUMBER
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [url, chapterText] = process.argv.slice(2);
const chapter = Number(chapterText);
const profile = mkdtempSync(join(tmpdir(), "factsheet-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(url, { waitUntil: "load" });
  const before = await page.evaluate(() => {
    const audio = document.querySelector("audio");
    return {
      duration: audio.duration,
      lengthShown: (audio.closest(".player").textContent.match(/\d+:\d\d/) || [""])[0],
      track: Array.from(audio.querySelectorAll("track")).map((t) => ({ kind: t.kind, src: t.getAttribute("src") })),
    };
  });
  const link = page.locator("ol.chapters a").nth(chapter - 1);
  const target = Number(await link.getAttribute("data-start"));
  await link.click();
  await page.waitForFunction(
    (t) => { const a = document.querySelector("audio"); return a.readyState >= 1 && Math.abs(a.currentTime - t) < 2; },
    target, { timeout: 30000 },
  ).catch(() => {});
  await page.waitForTimeout(500);
  const after = await page.evaluate(() => {
    const audio = document.querySelector("audio");
    return {
      url: location.href,
      title: document.title,
      headings: document.querySelectorAll("h1").length,
      currentTime: audio.currentTime,
      paused: audio.paused,
      focused: document.activeElement === audio,
      cues: audio.textTracks.length ? audio.textTracks[0].kind : null,
    };
  });
  process.stdout.write(JSON.stringify({ before, target, after }) + "\n");
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
