// Contact import: the numbers are read and hashed here, in the browser. Only digests are sent
// (POST /v1/me/contacts {"digests": [...]}); raw numbers never leave the page, and it says so.
// Where the browser has the Contact Picker API (Chrome on Android), the person picks contacts
// from the phone's address book; everywhere, a vCard or CSV file works.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { REGIONS, digestsOf, numbersIn } from "../phone.js";

// Feature-detected, as the spec advises: ContactsManager exists only where select() can work.
const hasPicker = () => "contacts" in navigator && "ContactsManager" in window && typeof navigator.contacts.select === "function";

export function contacts(screen) {
  const file = h("input", { id: "contacts-file", type: "file", accept: ".vcf,.csv,text/vcard,text/csv" });
  const browserRegion = (navigator.language.split("-")[1] || "US").toUpperCase();
  const region = h("select", { id: "region" },
    REGIONS.map((code) => h("option", { value: code, selected: code === browserRegion }, code)));
  const result = h("p", { role: "status", "data-testid": "contacts-result" });

  async function importNumbers(numbers) {
    const { digests, valid } = await digestsOf(numbers, region.value);
    result.textContent = t("contacts.read", { numbers: numbers.length, valid });
    if (!digests.length) { result.textContent = t("contacts.none"); return; }
    const answer = await guarded(() => call("POST", "/v1/me/contacts", { body: { digests } }));
    if (answer) result.textContent = t("contacts.done", { accepted: answer.accepted, friends: answer.friends });
  }

  const picker = hasPicker() ? h("button", { type: "button", "data-testid": "contact-picker", onclick: async () => {
    let chosen;
    try {
      chosen = await navigator.contacts.select(["tel"], { multiple: true });
    } catch {
      return; // closed or refused: nothing was shared
    }
    await importNumbers((chosen || []).flatMap((contact) => contact.tel || []));
  } }, t("contacts.pick")) : null;

  const form = h("form", {},
    h("h2", {}, t("contacts.title")),
    h("p", { class: "privacy", "data-testid": "privacy-note" }, t("contacts.privacy")),
    h("label", { for: "region" }, t("contacts.region")), region,
    picker, picker ? h("p", { class: "hint" }, t("contacts.orFile")) : null,
    h("label", { for: "contacts-file" }, t("contacts.file")), file,
    h("button", { type: "submit" }, t("contacts.import")),
    result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    await importNumbers(numbersIn(await chosen.text()));
  });
  mount(screen, form);
}
