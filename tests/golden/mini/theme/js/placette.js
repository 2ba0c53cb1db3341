/* Enhancements only: the portal works without this script. */
(function () {
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && (location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1")) {
    navigator.serviceWorker.register(script.getAttribute("data-sw")).catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () {
    /* Subscriptions: webcal:// and full addresses from the page's own address
       (development builds have relative links), and « Copier l'adresse ». */
    Array.prototype.forEach.call(document.querySelectorAll("[data-webcal]"), function (link) {
      var url = new URL(link.getAttribute("data-webcal"), location.href);
      if (url.protocol === "http:" || url.protocol === "https:") link.href = "webcal://" + url.host + url.pathname;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-address]"), function (code) {
      code.textContent = new URL(code.getAttribute("data-address"), location.href).href;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      var code = button.previousElementSibling;
      var status = document.createElement("span");
      status.setAttribute("role", "status");
      status.className = "copied";
      button.after(status);
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = code.textContent;
        var done = function () { status.textContent = "Adresse copiée"; };
        var fallback = function () {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "Adresse sélectionnée : copiez-la"; }
        };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
        else fallback();
      });
    });
    /* A filter over long lists of subscriptions (the lists are complete without it). */
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (input) {
      var items = document.querySelectorAll(input.getAttribute("data-filter"));
      input.closest("[hidden]") && (input.closest("[hidden]").hidden = false);
      var fold = function (text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
      input.addEventListener("input", function () {
        var wanted = fold(input.value.trim());
        Array.prototype.forEach.call(items, function (item) {
          item.hidden = wanted !== "" && fold(item.textContent).indexOf(wanted) === -1;
        });
      });
    });
  });
})();
