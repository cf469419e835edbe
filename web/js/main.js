// The app shell: a hash router (#/feed, #/post/<id>...; never a token in the URL), the bottom
// navigation, and the signed-in / signed-out switch.
import { session } from "./api.js";
import { clearError } from "./errors.js";
import { t } from "./i18n/index.js";
import { chat } from "./screens/chat.js";
import { collection } from "./screens/collection.js";
import { compose } from "./screens/compose.js";
import { contacts } from "./screens/contacts.js";
import { discover } from "./screens/discover.js";
import { feed } from "./screens/feed.js";
import { inbox } from "./screens/inbox.js";
import { me } from "./screens/me.js";
import { moderation } from "./screens/moderation.js";
import { nearby } from "./screens/nearby.js";
import { post } from "./screens/post.js";
import { settings } from "./screens/settings.js";
import { signIn } from "./screens/signin.js";
import { tag } from "./screens/tag.js";

const screen = document.getElementById("screen");
const tabs = document.getElementById("tabs");
let cleanup = null;

for (const link of tabs.querySelectorAll("a")) link.textContent = t(`nav.${link.dataset.tab}`);
document.getElementById("title").textContent = t("app.title");

function signedOut() {
  session.clear();
  tabs.hidden = true;
  if (location.hash) history.replaceState(null, "", "/");
  route();
}

function route(event) {
  if (cleanup) { cleanup(); cleanup = null; }
  if (event) clearError(); // a navigation clears the last error; a sign-out keeps saying why
  if (!session.get()) {
    tabs.hidden = true;
    const view = document.createElement("div");
    screen.replaceChildren(view);
    signIn(view, (signed) => {
      const target = signed.new_account ? "#/contacts" : "#/feed";
      if (location.hash === target) route();
      else location.hash = target;
    });
    return;
  }
  tabs.hidden = false;
  const [name = "feed", arg] = location.hash.replace(/^#\/?/, "").split("/");
  for (const link of tabs.querySelectorAll("a")) {
    if (link.dataset.tab === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // Each screen renders into a fresh element: a screen still loading when the person moves on
  // then fills a detached element instead of the new screen.
  const view = document.createElement("div");
  screen.replaceChildren(view);
  switch (name) {
    case "compose": compose(view); break;
    case "contacts": contacts(view); break;
    case "discover": discover(view); break;
    case "collection": cleanup = collection(view, arg || ""); break;
    case "tag": cleanup = tag(view, arg || ""); break;
    case "nearby": cleanup = nearby(view); break;
    case "me": me(view, signedOut); break;
    case "notifications": // the inbox's old name: links and bookmarks keep working
    case "inbox": inbox(view); break;
    case "chat": cleanup = chat(view, decodeURIComponent(arg || "")); break;
    case "settings": settings(view); break;
    case "moderation": moderation(view, arg); break;
    case "post": post(view, decodeURIComponent(arg || "")); break;
    default: cleanup = feed(view, ["popular", "world"].includes(arg) ? arg : "recent");
  }
  screen.focus({ preventScroll: true });
}

window.addEventListener("hashchange", route);
window.addEventListener("sg:signed-out", signedOut);
route();
