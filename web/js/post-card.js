// <sg-post-card>: one post (its background or image, label, coarse time, hearts, comments).
// Every text is set with textContent (dom.js); colours and image URLs through the CSSOM, which the
// CSP allows (no inline style attributes).
import { call } from "./api.js";
import { h, mount } from "./dom.js";
import { guarded } from "./errors.js";
import { ago, t } from "./i18n/index.js";

export class PostCard extends HTMLElement {
  set post(value) { this._post = value; this.render(); }
  get post() { return this._post; }

  render() {
    const p = this._post;
    const body = h("div", { class: "body", "data-testid": "post-text" });
    body.textContent = p.text;
    if (p.image && safeUrl(p.image.url)) {
      body.classList.add("has-image");
      body.style.backgroundImage = `url("${safeUrl(p.image.url)}")`;
    } else if (p.background && p.background.image && safeUrl(p.background.image)) {
      body.classList.add("has-image");
      body.style.backgroundImage = `url("${safeUrl(p.background.image)}")`;
    } else if (p.background && /^#[0-9a-f]{3,8}$/i.test(p.background.color || "")) {
      body.style.backgroundColor = p.background.color;
      body.style.color = readableOn(p.background.color); // the catalogue's colours are light and dark
    }
    const heart = h("button", { type: "button", "aria-pressed": String(!!p.hearted), "aria-label": t("post.heart"), onclick: () => this.toggleHeart() },
      `♥ ${t("post.hearts", { n: p.hearts })}`);
    const label = labelText(p);
    const status = p.status === "held" ? t("post.held") : p.status === "pending" ? t("post.pending") : null;
    mount(this,
      h("article", { class: "card", "aria-label": label },
        body,
        status ? h("p", { class: "hint notice" }, status) : null,
        h("div", { class: "meta" },
          // A collection's label leads to the collection (discover): the slug goes in the URL, escaped.
          p.label === "collection" && p.collection
            ? h("a", { class: "label", href: `#/collection/${encodeURIComponent(p.collection)}`, "data-testid": "post-label" }, label)
            : h("span", { class: "label", "data-testid": "post-label" }, label),
          h("time", { datetime: p.created_at }, ago(p.created_at)),
          h("a", { class: "open", href: `#/post/${encodeURIComponent(p.id)}` }, t("post.comments", { n: p.comments })),
          heart),
        tagLinks(p.tags)));
  }

  async toggleHeart() {
    const p = this._post;
    const state = await guarded(() => call(p.hearted ? "DELETE" : "PUT", `/v1/posts/${encodeURIComponent(p.id)}/heart`));
    if (state) this.post = { ...p, hearts: state.hearts, hearted: state.hearted };
  }
}

/** The label in words: a collection by its name, a campaign by its sponsor (both from the API). */
function labelText(p) {
  if (p.label === "collection" && p.collection) return t("label.inCollection", { name: p.collection });
  if (p.label === "campaign" && p.sponsor) return t("label.sponsoredBy", { sponsor: p.sponsor });
  return t(`label.${p.label}`);
}

/** The post's hashtags, each a link to its tag page. */
function tagLinks(tags) {
  if (!Array.isArray(tags) || !tags.length) return null;
  return h("div", { class: "tags-row", "data-testid": "post-tags" },
    tags.map((tag) => h("a", { href: `#/tag/${encodeURIComponent(tag)}` }, `#${tag}`)));
}

/** Black or white, whichever contrasts more with the #rgb / #rrggbb colour (WCAG relative luminance). */
function readableOn(color) {
  let hex = color.slice(1, 7);
  if (hex.length === 3) hex = hex.replace(/./g, "$&$&");
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}

/** Only same-origin paths and https URLs reach a CSS url(); quotes and backslashes never. */
export function safeUrl(url) {
  if (typeof url !== "string" || /["\\\n\r()]/.test(url)) return null;
  return url.startsWith("/") || url.startsWith("https://") ? url : null;
}

customElements.define("sg-post-card", PostCard);
