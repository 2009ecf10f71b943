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
  var body = document.body;
  var message = event.detail.xhr.status === 404 ? body.dataset.messageGone : body.dataset.messageError;
  var place = event.detail.elt.closest(".card-body") || document.getElementById("main");
  var alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  place.prepend(alert);
});
