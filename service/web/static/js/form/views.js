/* Phones (under 700 px): one part of the page at a time — the form (Soạn), the preview (Xem
 * trước) or the findings (Kết quả kiểm tra) — chosen with the switch on top; the preview's
 * paper keeps its A4 lines, scaled to the screen's width. Wider screens show every part. */

import { $, $$ } from "../dom.js";

const PAPER = 794; // px: an A4 page's width at 96 dpi (the .paper of app.css on phones)
const phone = window.matchMedia("(max-width: 700px)");

/** Show one part (`form`, `preview`, `findings`) on a phone. */
export function showView(view) {
  document.body.dataset.view = view;
  for (const button of $$("[data-view-button]")) {
    button.setAttribute("aria-pressed", String(button.dataset.viewButton === view));
  }
  fitPaper();
}

/** Scale the paper to the width the phone gives it (a CSS variable: no style attribute). */
export function fitPaper() {
  const wrap = $(".paper-wrap");
  const room = wrap.clientWidth - 16;
  const scale = phone.matches && room > 0 ? Math.min(1, room / PAPER) : 1;
  document.documentElement.style.setProperty("--paper-scale", String(scale));
}

/** The number of findings on the switch's button. */
export function countFindings(count) {
  $("#view-findings-count").textContent = count ? `(${count})` : "";
}

export function wireViews() {
  for (const button of $$("[data-view-button]")) {
    button.addEventListener("click", () => showView(button.dataset.viewButton));
  }
  phone.addEventListener("change", fitPaper);
  window.addEventListener("resize", fitPaper);
  showView("form");
}
