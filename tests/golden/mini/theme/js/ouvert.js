/* « Ouvert maintenant » : an enhancement computed in the browser from the
   hours table (Europe/Paris time). Without JavaScript the table is enough.
   The time can be forced with #maintenant=2026-11-23T10:30 (demonstration, tests). */
(function () {
  var table = document.querySelector("[data-hours]");
  var badge = document.querySelector("[data-open-now]");
  if (!table || !badge || !window.Intl) return;
  var hours = JSON.parse(table.getAttribute("data-hours"));
  var forced = /maintenant=(\d{4}-\d\d-\d\dT\d\d:\d\d)/.exec(location.hash);
  var day, minutes;
  if (forced) {
    var d = new Date(forced[1] + ":00Z");
    day = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"][d.getUTCDay()];
    minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
  } else {
    var parts = {};
    new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    day = parts.weekday; minutes = parseInt(parts.hour, 10) * 60 + parseInt(parts.minute, 10);
  }
  function m(t) { var x = t.split(":"); return parseInt(x[0], 10) * 60 + parseInt(x[1], 10); }
  var ranges = hours[day] || [], open = null;
  for (var i = 0; i < ranges.length; i++) {
    if (minutes >= m(ranges[i][0]) && minutes < m(ranges[i][1])) open = ranges[i];
  }
  badge.textContent = open ? "Ouvert maintenant, jusqu'à " + open[1].replace(":", " h ").replace(" h 00", " h") : "Fermé en ce moment";
  badge.className = "open-now " + (open ? "is-open" : "is-closed");
  badge.hidden = false;
})();
