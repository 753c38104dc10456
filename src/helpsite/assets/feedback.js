/* helpsite: "Was this page helpful?" (Material's feedback widget, extra.analytics.feedback). A vote
   is POSTed as JSON {page, lang, value} to the site's feedback_url (this script's data-endpoint);
   nothing else is sent, and without feedback_url this script is not on the page at all. A
   feedback_url on another origin must answer CORS preflight requests. */
function __md_analytics() {
  var endpoint = document.getElementById("__analytics").getAttribute("data-endpoint");
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.forms.feedback;
    if (!form || !endpoint) return;
    form.querySelectorAll("[type=submit]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var value = button.getAttribute("data-md-value");
        var vote = { page: location.pathname, lang: document.documentElement.lang, value: Number(value) };
        fetch(endpoint, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(vote),
          credentials: "omit", keepalive: true
        }).catch(function () {});
        form.firstElementChild.disabled = true;
        var note = form.querySelector(".md-feedback__note [data-md-value='" + value + "']");
        if (note) note.hidden = false;
      });
    });
    form.hidden = false;
  });
}
