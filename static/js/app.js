// Confirm destructive actions: any form with data-confirm asks first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// htmx swaps nothing when the server answers with an error: say so where the
// user acted, and leave their form (and their text) as it is.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status === 401) return;  // the session ended: the dialog below says so
  var body = document.body;
  var message = event.detail.xhr.status === 404 ? body.dataset.messageGone : body.dataset.messageError;
  var place = event.detail.elt.closest(".card-body") || document.getElementById("main");
  var alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  place.prepend(alert);
});

// --- The end of a session loses nothing -------------------------------------------
//
// What is typed into a form that saves (item, union input, decision, meeting
// details) is kept in localStorage under the form's address and the version it
// started from, until the save succeeds. When the session has ended, the server
// answers an htmx save with 401 and the event "samverkan:session-expired"
// (meetings.middleware.HtmxLoginRequiredMiddleware): the form stays as it is and
// a dialog offers to log in in a new tab. When the same form (same address, same
// version) is shown again with other text, the kept text is offered back.

var UNSAVED_PREFIX = "samverkan:unsaved:";
var UNSAVED_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

function unsavedKey(form) {
  if ((form.getAttribute("method") || "").toLowerCase() !== "post" || form.hasAttribute("data-no-keep")) return null;
  var action = form.getAttribute("hx-post") || form.getAttribute("action");
  if (!action || !form.querySelector("textarea")) return null;
  var version = form.querySelector("[name=version]");
  return UNSAVED_PREFIX + action + "@" + (version ? version.value : "new");
}

function typedFields(form) {
  return Array.prototype.filter.call(form.querySelectorAll("textarea, input[type=text], input:not([type])"),
    function (field) { return field.name && field.name !== "csrfmiddlewaretoken"; });
}

function readUnsaved(key) {
  try {
    var kept = JSON.parse(window.localStorage.getItem(key) || "null");
    if (kept && Date.now() - kept.at < UNSAVED_MAX_AGE_MS) return kept;
    if (kept) window.localStorage.removeItem(key);
  } catch (error) { /* storage unavailable or damaged: nothing kept */ }
  return null;
}

function keepUnsaved(form) {
  var key = unsavedKey(form);
  if (!key) return;
  var values = {};
  typedFields(form).forEach(function (field) { values[field.name] = field.value; });
  try {
    window.localStorage.setItem(key, JSON.stringify({at: Date.now(), values: values}));
  } catch (error) { /* storage full or disabled: the form still has the text */ }
}

function forgetUnsaved(form) {
  var key = unsavedKey(form);
  if (key) {
    try { window.localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
  }
}

document.addEventListener("input", function (event) {
  var form = event.target.form;
  if (form) keepUnsaved(form);
});

// A save that succeeded (the card was replaced by the saved text): forget what was kept.
// (A form replaced by the swap is detached: htmx then fires the event on an ancestor, and
// only requestConfig still names the form.)
document.addEventListener("htmx:afterRequest", function (event) {
  var form = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
  if (event.detail.successful && form && form.tagName === "FORM") forgetUnsaved(form);
});

function offerUnsaved(form) {
  var key = unsavedKey(form);
  var kept = key && readUnsaved(key);
  if (!kept || form.querySelector(".unsaved-offer")) return;
  var fields = typedFields(form);
  var differs = fields.some(function (field) {
    return field.name in kept.values && kept.values[field.name] !== field.value;
  });
  if (!differs) return;
  var body = document.body.dataset;
  var offer = document.createElement("div");
  offer.className = "alert alert-info unsaved-offer";
  offer.setAttribute("role", "status");
  var text = document.createElement("p");
  text.className = "mb-2";
  text.textContent = body.messageUnsaved.replace("{when}", new Date(kept.at).toLocaleString("sv-SE"));
  var restore = document.createElement("button");
  restore.type = "button";
  restore.className = "btn btn-sm btn-primary me-2";
  restore.textContent = body.messageRestore;
  restore.addEventListener("click", function () {
    fields.forEach(function (field) {
      if (field.name in kept.values) field.value = kept.values[field.name];
    });
    offer.remove();
    keepUnsaved(form);
  });
  var discard = document.createElement("button");
  discard.type = "button";
  discard.className = "btn btn-sm btn-outline-dark";
  discard.textContent = body.messageDiscard;
  discard.addEventListener("click", function () {
    forgetUnsaved(form);
    offer.remove();
  });
  offer.append(text, restore, discard);
  form.prepend(offer);
}

// A form sent without htmx leaves the page: its text is marked as sent. The next page
// tells how it went: the login page (the session had ended) keeps the text to offer
// back later; any other page (saved, or the form again with its text) lets it go.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || form.hasAttribute("hx-post")) return;
  var key = unsavedKey(form);
  var kept = key && readUnsaved(key);
  if (kept) {
    kept.sent = true;
    try { window.localStorage.setItem(key, JSON.stringify(kept)); } catch (error) { /* nothing kept */ }
  }
});

function settleSentUnsaved() {
  var loginPage = Boolean(document.getElementById("id_username"));
  try {
    Object.keys(window.localStorage).forEach(function (key) {
      if (key.indexOf(UNSAVED_PREFIX) !== 0) return;
      var kept = readUnsaved(key);
      if (!kept || !kept.sent) return;
      if (loginPage) {
        kept.sent = false;  // not saved: offer it back once logged in
        window.localStorage.setItem(key, JSON.stringify(kept));
      } else {
        window.localStorage.removeItem(key);
      }
    });
  } catch (error) { /* storage unavailable */ }
}

function offerUnsavedIn(root) {
  (root.matches && root.matches("form") ? [root] : []).concat(
    Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("form") : [])
  ).forEach(offerUnsaved);
}

document.addEventListener("DOMContentLoaded", function () {
  settleSentUnsaved();
  offerUnsavedIn(document);
});
document.addEventListener("htmx:load", function (event) { offerUnsavedIn(event.detail.elt); });

document.addEventListener("samverkan:session-expired", function (event) {
  var form = event.target.closest ? event.target.closest("form") : null;
  if (form) keepUnsaved(form);
  var dialog = document.getElementById("session-expired");
  if (!dialog) return;
  var link = dialog.querySelector("a");
  var loginUrl = (event.detail && event.detail.loginUrl) || link.getAttribute("href").split("?")[0];
  link.setAttribute("href", loginUrl + "?next=" + encodeURIComponent(window.location.pathname));
  if (!dialog.open) dialog.showModal();
});

document.addEventListener("click", function (event) {
  if (event.target.matches("#session-expired [data-close]")) {
    event.target.closest("dialog").close();
  }
});

// After logging in again in another tab the CSRF secret is new: send the current one
// (from the cookie) with every htmx request, so "save again" in this tab works.
function currentCsrfToken() {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

document.addEventListener("htmx:configRequest", function (event) {
  var token = currentCsrfToken();
  if (!token) return;
  event.detail.headers["X-CSRFToken"] = token;
  var parameters = event.detail.parameters;
  if (parameters && typeof parameters.set === "function") {
    if (parameters.has("csrfmiddlewaretoken")) parameters.set("csrfmiddlewaretoken", token);
  } else if (parameters && "csrfmiddlewaretoken" in parameters) {
    parameters.csrfmiddlewaretoken = token;
  }
});
