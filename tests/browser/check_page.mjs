// Open one page in Debian's headless Chromium, run axe-core (WCAG 2.2 AA) and report what the
// Python tests assert on, as JSON on standard output.
// Usage: node tests/browser/check_page.mjs URL WIDTH SCREENSHOT.png [--no-js]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [url, widthText, screenshot, ...flags] = process.argv.slice(2);
const width = Number(widthText);
const javaScript = !flags.includes("--no-js");
const profile = mkdtempSync(join(tmpdir(), "factsheet-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width, height: 900 },
  javaScriptEnabled: javaScript,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  const response = await page.goto(url, { waitUntil: "load" });
  const report = await page.evaluate(() => {
    const el = document.scrollingElement;
    const visible = (node) => {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      return style.display !== "none" && style.visibility !== "hidden" && box.width > 1 && box.height > 1;
    };
    const smallText = [];
    for (const node of document.body.querySelectorAll("*")) {
      const own = Array.from(node.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim());
      if (own && visible(node) && parseFloat(getComputedStyle(node).fontSize) < 16) {
        smallText.push(`${node.tagName.toLowerCase()}: ${node.textContent.trim().slice(0, 40)}`);
      }
    }
    const wide = [];
    for (const node of document.body.querySelectorAll("*")) {
      const box = node.getBoundingClientRect();
      if (visible(node) && box.right > document.documentElement.clientWidth + 1) {
        wide.push(`${node.tagName.toLowerCase()}.${node.className}: right ${Math.round(box.right)}`);
      }
    }
    return {
      title: document.title,
      lang: document.documentElement.lang,
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      innerWidth: window.innerWidth,
      wide: wide.slice(0, 10),
      smallText: smallText.slice(0, 10),
      links: Array.from(document.querySelectorAll("a[href]")).map((a) => ({
        href: a.getAttribute("href"), resolved: a.href, text: a.textContent.trim(),
      })),
      ids: Array.from(document.querySelectorAll("[id]")).map((e) => e.id),
      headings: Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map((h) => Number(h.tagName[1])),
      // The first phone link, in page coordinates: a reader in crisis must see it without scrolling.
      firstTel: (() => {
        const a = document.querySelector('a[href^="tel:"]');
        if (!a) return null;
        const box = a.getBoundingClientRect();
        return { top: box.top + window.scrollY, bottom: box.bottom + window.scrollY, text: a.textContent.trim() };
      })(),
      searchVisible: (() => { const s = document.getElementById("search-box"); return s ? visible(s) : null; })(),
    };
  });
  // The catalog's search box: type a word and count the entries still shown.
  if (report.searchVisible) {  // the screenshot is taken after this, with the box empty and unfocused
    await page.fill("#search", "addiction");
    report.afterSearch = await page.evaluate(() => ({
      shown: Array.from(document.querySelectorAll("#catalog > li.entry")).filter((li) => !li.hidden).length,
      total: document.querySelectorAll("#catalog > li.entry").length,
      status: document.getElementById("search-status").textContent,
    }));
    await page.fill("#search", "");
    await page.locator("#search").blur();
  }
  // With JavaScript turned off axe cannot run in the page; the same page is checked with it on.
  const axe = javaScript ? await runAxe(page) : null;
  report.status = response ? response.status() : null;
  report.axe = axe;
  await page.screenshot({ path: screenshot, fullPage: true });
  process.stdout.write(JSON.stringify(report) + "\n");
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return {
      violations: result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
      })),
      passes: result.passes.length,
      incomplete: result.incomplete.map((v) => v.id),
    };
  });
}
