// Contact form: handled client-side (static assets answer a native POST with 405).
(function () {
  function init() {
    var form = document.getElementById("contact-form");
    var thanks = document.getElementById("contact-thanks");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var email = String(data.get("email") || "").trim();
      var name = String(data.get("name") || "").trim();
      var company = String(data.get("company") || "").trim();
      if (typeof window.lp === "function") {
        window.lp("identify", email, { name: name, company: company });
      }
      form.hidden = true;
      if (thanks) {
        thanks.hidden = false;
        thanks.setAttribute("tabindex", "-1");
        thanks.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
