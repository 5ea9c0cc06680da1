// Contact form: handled client-side (static assets answer a native POST with 405). The demo site requires
// signed identifies (docs/api.md, "Signed identify"): the form asks the Worker's stand-in for a site's own
// server, POST /demo/sign, for the signature of the address, then identifies with it. A real site signs
// only the address of a person its server has verified (a login, a confirmed e-mail).
(function () {
  function init() {
    var form = document.getElementById("contact-form");
    var thanks = document.getElementById("contact-thanks");
    if (!form) return;
    function done() {
      form.hidden = true;
      if (thanks) {
        thanks.hidden = false;
        thanks.setAttribute("tabindex", "-1");
        thanks.focus();
      }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var email = String(data.get("email") || "").trim();
      var name = String(data.get("name") || "").trim();
      var company = String(data.get("company") || "").trim();
      var traits = { name: name, company: company };
      // Role and company size feed the site's fit model (docs/scoring.md#fit-rules), when the visitor gave them.
      var role = String(data.get("role") || "");
      var size = String(data.get("company_size") || "");
      if (role) traits.role = role;
      if (size) traits.company_size = Number(size);
      fetch("/demo/sign", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ lead: email }) })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (signed) {
          if (signed && typeof window.lp === "function") {
            window.lp("identify", email, traits, { signature: signed.signature });
          }
        })
        .catch(function () {
          /* no signature, no identify: the message is still sent */
        })
        .then(done);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
