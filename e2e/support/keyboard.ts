import { expect, type Page } from "@playwright/test";

/** Enough presses for the longest page we check, with room for elements that take two stops. */
const EXTRA_PRESSES = 20;
const MARK = "data-keyboard-check";

/**
 * The page works with the keyboard alone, as far as reaching things goes: pressing Tab from the
 * top of the page focuses every visible link, button and form field (and anything made focusable
 * with tabindex) in turn, without getting stuck, and each shows where the focus is (an outline or
 * a ring). Elements inside a closed <details>, an inert or aria-hidden subtree, or disabled ones
 * are not expected. Leaves the focus where it ended.
 */
export async function expectKeyboardReachable(page: Page, label = new URL(page.url()).pathname): Promise<void> {
  const expected = await page.evaluate((mark) => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const reachable = [...document.querySelectorAll<HTMLElement>(selector)].filter((element) => {
      if (element.matches(":disabled") || element.closest("[inert], [aria-hidden='true']")) return false;
      if (element.tabIndex < 0) return false;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && element.checkVisibility();
    });
    reachable.forEach((element, index) => element.setAttribute(mark, String(index)));
    // Tab from the top: focus a stand-in placed first in the body (it leaves at the end).
    const start = document.createElement("span");
    start.tabIndex = -1;
    start.setAttribute(`${mark}-start`, "");
    document.body.prepend(start);
    start.focus();
    return reachable.map((element) => `${element.tagName.toLowerCase()} "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40)}"`);
  }, MARK);

  const reached = new Set<number>();
  const unmarked: string[] = [];
  for (let press = 0; press < expected.length + EXTRA_PRESSES && reached.size < expected.length; press++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate((mark) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      // Focus inside a control's own parts (a date field's picker button) is the browser's to draw.
      const ownParts = !element.matches(":focus");
      const shown = ownParts || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      return { index: element.getAttribute(mark), shown };
    }, MARK);
    if (!focused || focused.index === null) continue;
    reached.add(Number(focused.index));
    if (!focused.shown) unmarked.push(expected[Number(focused.index)]!);
  }
  const missed = expected.filter((_, index) => !reached.has(index));
  expect.soft(missed, `${label}: not reached with Tab`).toEqual([]);
  expect.soft(unmarked, `${label}: focused without a visible focus indicator`).toEqual([]);
  await page.evaluate((mark) => {
    document.querySelectorAll(`[${mark}]`).forEach((element) => element.removeAttribute(mark));
    document.querySelector(`[${mark}-start]`)?.remove();
  }, MARK);
}
