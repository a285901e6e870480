/* The form page's state and its fixed fields (templates/page.html), shared by its modules. */

import { $ } from "../dom.js";

export const state = {
  unit: null, // the chosen unit (UnitOut)
  form: null, // the chosen kind's form (KindForm)
  draftId: null, // the draft being edited
  base: {}, // request fields the form does not manage (kept from an opened draft)
  previewSeq: 0,
  findings: [], // the checker's findings on the document of the last preview
  era: null, // "current" or "legacy": the era of the chosen year, as the API says
  placeTraits: [], // the traits the data gives the unit's place (/api/plan-facts)
};

export const form = $("#plan-form");

export const f = {
  year: $("#f-year"), province: $("#f-province"), unit: $("#f-unit"), kind: $("#f-kind"),
  endYear: $("#f-end-year"), number: $("#f-number"), symbol: $("#f-symbol"),
  day: $("#f-day"), month: $("#f-month"), signerMode: $("#f-signer-mode"),
  signerTitle: $("#f-signer-title"), signerName: $("#f-signer-name"),
  neighbours: $("#f-neighbours"), villageCount: $("#f-village-count"),
  villageWord: $("#f-village-word"), theme: $("#f-theme"),
  campaignStart: $("#f-campaign-start"), campaignEnd: $("#f-campaign-end"), tone: $("#f-tone"),
  title: $("#f-title"),
};

/** The plan's year as typed, or this year while what is typed is not one. */
export function year() {
  const value = Number(f.year.value);
  return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : new Date().getFullYear();
}

/** Say that the form changed where no input event says so (a row removed): the preview follows. */
export function changed(node) {
  node.dispatchEvent(new Event("change", { bubbles: true }));
}
