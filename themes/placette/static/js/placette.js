/* Enhancements only: the portal works without this script. */
(function () {
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && (location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1")) {
    navigator.serviceWorker.register(script.getAttribute("data-sw")).catch(function () {});
  }
})();
