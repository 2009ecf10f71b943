// Drafting shortcuts: "All agree" on the decision card, Ctrl/Cmd+Enter saves the
// form being typed in, and a character counter on fields with a length limit.
(function () {
  "use strict";

  function prepare(root) {
    root.querySelectorAll("[data-all-agree]").forEach(function (button) {
      button.hidden = false;
    });
    root.querySelectorAll("textarea[data-maxlength], input[type=text][data-maxlength]").forEach(addCounter);
  }

  // "All agree": one click marks every party as agreeing; the outcome follows.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-all-agree]");
    if (!button) return;
    var form = button.closest("form");
    form.querySelectorAll("input[type=radio][data-stand][value=agree]").forEach(function (radio) {
      radio.checked = true;
    });
    var outcome = form.querySelector("[name=outcome]");
    if (outcome) outcome.value = "";
  });

  // Ctrl+Enter (Cmd+Enter on a Mac) saves the form of the field being typed in.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest && event.target.closest("form");
    if (!form || !(form.closest("#sections") || form.hasAttribute("data-quick-save"))) return;
    event.preventDefault();
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  // The limit of a long field is stated next to it, and counted down while typing.
  function addCounter(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit || limit < 200 || field.dataset.counted) return;
    field.dataset.counted = "1";
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.setAttribute("aria-live", "polite");
    var template = document.body.dataset.messageCounter || "{count} / {limit}";
    function update() {
      counter.textContent = template
        .replace("{count}", field.value.length.toLocaleString("sv-SE"))
        .replace("{limit}", limit.toLocaleString("sv-SE"));
      counter.classList.toggle("text-danger", field.value.length > limit);
      // A one-line field states its limit in its help text; its counter shows when the limit is near.
      counter.hidden = field.tagName !== "TEXTAREA" && field.value.length < limit * 0.8;
    }
    field.addEventListener("input", update);
    update();
    field.insertAdjacentElement("afterend", counter);
  }

  // The meeting form proposes the chosen group's next protocol number for the meeting's year.
  function followProposals() {
    var number = document.querySelector("[name=protocol_number][data-proposals]");
    if (!number) return;
    var form = number.form;
    var proposals = JSON.parse(number.dataset.proposals);
    var proposed = number.value;
    function update() {
      var group = form.querySelector("[name=group]");
      var date = form.querySelector("[name=date]");
      var year = date && date.value ? date.value.slice(0, 4) : String(new Date().getFullYear());
      var next = group && proposals[group.value] && proposals[group.value][year];
      if (next && number.value === proposed) {
        number.value = next;
        proposed = next;
      }
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "group" || event.target.name === "date") update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { prepare(document); followProposals(); });
  document.addEventListener("htmx:load", function (event) { prepare(event.detail.elt); });
})();
