// Compose: text, audience, and where else it goes (a collection, an opt-in area: compose-where.js).
// A 422 with errors.rethink asks the author to think again; "post anyway" sends the same post
// with confirm (the server may then hold it for review).
import { call, upload } from "../api.js";
import { collectionField, locationField } from "../compose-where.js";
import { h, mount } from "../dom.js";
import { guarded, showError } from "../errors.js";
import { t } from "../i18n/index.js";

export function compose(screen) {
  const text = h("textarea", { id: "post-text", required: true, maxlength: 1000 });
  const audience = h("select", { id: "audience" },
    h("option", { value: "circle" }, t("compose.circle")),
    h("option", { value: "world" }, t("compose.world")));
  const collection = collectionField();
  const where = locationField();
  const rethink = h("div", { class: "rethink", hidden: true, role: "alertdialog", "aria-labelledby": "rethink-title", "aria-live": "assertive", "data-testid": "rethink" });
  const done = h("p", { role: "status" });
  // A picture: uploaded at once (the server keeps only its pixels), then posted by image_id.
  let imageId = null;
  const picture = h("input", { id: "picture", type: "file", accept: "image/jpeg,image/png,image/webp,image/heic" });
  const pictureState = h("p", { class: "hint", role: "status", "data-testid": "picture-state" });
  picture.addEventListener("change", async () => {
    imageId = null;
    pictureState.textContent = "";
    if (!picture.files[0]) return;
    const image = await guarded(() => upload("/v1/images", picture.files[0]));
    if (image) { imageId = image.id; pictureState.textContent = t("compose.pictureReady"); }
  });
  // Backgrounds that fit the text (GET /v1/backgrounds), chosen by id; only catalogue entries exist.
  let background = null;
  const swatches = h("div", { class: "swatches", role: "radiogroup", "aria-label": t("compose.backgrounds") });
  const suggest = h("button", { type: "button", class: "plain", onclick: async () => {
    if (!text.value.trim()) return;
    const found = await guarded(() => call("GET", "/v1/backgrounds", { query: { text: text.value } }));
    if (!found) return;
    mount(swatches, found.items.map((item, index) => {
      const swatch = h("button", { type: "button", role: "radio", class: "swatch", "aria-checked": "false",
        "aria-label": t("compose.background", { n: index + 1 }), "data-testid": "swatch" });
      if (item.color) swatch.style.backgroundColor = item.color;
      else if (item.image && /^(https:\/\/|\/)[^"\\()]*$/.test(item.image)) swatch.style.backgroundImage = `url("${item.image}")`;
      swatch.addEventListener("click", () => {
        const chosen = swatch.getAttribute("aria-checked") !== "true";
        for (const other of swatches.children) other.setAttribute("aria-checked", "false");
        swatch.setAttribute("aria-checked", String(chosen));
        background = chosen ? { id: item.id } : null;
      });
      return swatch;
    }));
  } }, t("compose.suggest"));
  const form = h("form", {},
    h("h2", {}, t("compose.title")),
    h("label", { for: "post-text" }, t("compose.text")), text,
    suggest, swatches,
    h("label", { for: "picture" }, t("compose.picture")), picture,
    h("p", { class: "hint" }, t("compose.pictureHint")), pictureState,
    h("label", { for: "audience" }, t("compose.audience")), audience,
    collection.elements, where.elements,
    h("button", { type: "submit" }, t("compose.send")), rethink, done);

  async function send(confirm) {
    const body = { text: text.value, audience: audience.value };
    if (confirm) body.confirm = true;
    if (imageId) body.image_id = imageId;
    else if (background) body.background = background;
    if (collection.value()) body.collection = collection.value();
    const point = await where.value();
    if (point) body.location = point;
    const key = crypto.randomUUID();
    try {
      const post = await call("POST", "/v1/posts", { body, idempotencyKey: key });
      rethink.hidden = true;
      done.textContent = t("compose.done");
      location.hash = `#/post/${encodeURIComponent(post.id)}`;
    } catch (error) {
      if (error.status === 422 && error.body.errors && error.body.errors.rethink) {
        const reasons = (error.body.errors.rethink.reasons || []).join(", ");
        mount(rethink,
          h("p", { id: "rethink-title" }, t("compose.rethink")),
          h("p", { class: "hint" }, t("compose.reasons", { reasons })),
          h("p", { class: "hint" }, t("compose.heldNote")),
          h("button", { type: "button", class: "plain", onclick: () => { rethink.hidden = true; text.focus(); } }, t("compose.edit")),
          h("button", { type: "button", onclick: () => send(true) }, t("compose.anyway")));
        rethink.hidden = false;
      } else {
        showError(error, () => send(confirm));
      }
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); guarded(() => send(false)); });
  mount(screen, form);
  text.focus();
}
