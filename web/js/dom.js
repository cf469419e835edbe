// Building the DOM without markup: every text goes through textContent, never innerHTML, so no
// post, comment or tag can inject elements or scripts (the CSP forbids inline code as a second wall).

/** h("p", {class: "hint"}, "text", child) -> <p class="hint">text<child></p>. Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's content. */
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
