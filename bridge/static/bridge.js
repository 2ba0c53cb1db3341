/* The bridge's only script: it enhances, every page works without it.
   - « Est-ce que ça se répète ? »: only the fields of the chosen frequency are shown;
   - « Copier le lien » / « Partager » on the receipt (Web Share API where the phone has it); its
     sentences are the page's, in its language (data-copied, data-failed).
   Plain ES5: old Android browsers run it. */
(function () {
  "use strict";
  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  var radios = document.querySelectorAll('input[name="repetition"]');
  function showRepetition() {
    var chosen = document.querySelector('input[name="repetition"]:checked');
    var value = chosen ? chosen.value : "une_fois";
    each("[data-repetition]", function (group) {
      group.hidden = (" " + group.getAttribute("data-repetition") + " ").indexOf(" " + value + " ") < 0;
    });
  }
  if (radios.length) {
    Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener("change", showRepetition); });
    showRepetition();
  }

  var status = document.querySelector(".copy-status");
  function say(text) { if (status) { status.textContent = text; } }
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }
  each("[data-copy]", function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      // the sentences come translated with the page (data-copied, data-failed on .copy-status)
      var ok = function () { if (status) { say(status.getAttribute("data-copied")); }; };
      var ko = function () { if (status) { say(status.getAttribute("data-failed")); }; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(ok, function () { if (copyWithSelection(text)) { ok(); } else { ko(); } });
      } else if (copyWithSelection(text)) { ok(); } else { ko(); }
    });
  });
  if (navigator.share) {
    each("[data-share]", function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.getAttribute("data-share-title") || document.title,
                          url: button.getAttribute("data-share") }).catch(function () {});
      });
    });
  }
}());
