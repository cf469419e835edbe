// Contact import: the file is read and hashed here, in the browser. Only digests are sent
// (POST /v1/me/contacts {"digests": [...]}); raw numbers never leave the page, and it says so.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { REGIONS, digestsOf, numbersIn } from "../phone.js";

export function contacts(screen) {
  const file = h("input", { id: "contacts-file", type: "file", accept: ".vcf,.csv,text/vcard,text/csv" });
  const browserRegion = (navigator.language.split("-")[1] || "US").toUpperCase();
  const region = h("select", { id: "region" },
    REGIONS.map((code) => h("option", { value: code, selected: code === browserRegion }, code)));
  const result = h("p", { role: "status", "data-testid": "contacts-result" });
  const form = h("form", {},
    h("h2", {}, t("contacts.title")),
    h("p", { class: "privacy", "data-testid": "privacy-note" }, t("contacts.privacy")),
    h("label", { for: "contacts-file" }, t("contacts.file")), file,
    h("label", { for: "region" }, t("contacts.region")), region,
    h("button", { type: "submit" }, t("contacts.import")),
    result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    const numbers = numbersIn(await chosen.text());
    const { digests, valid } = await digestsOf(numbers, region.value);
    result.textContent = t("contacts.read", { numbers: numbers.length, valid });
    if (!digests.length) { result.textContent = t("contacts.none"); return; }
    const answer = await guarded(() => call("POST", "/v1/me/contacts", { body: { digests } }));
    if (answer) result.textContent = t("contacts.done", { accepted: answer.accepted, friends: answer.friends });
  });
  mount(screen, form);
}
