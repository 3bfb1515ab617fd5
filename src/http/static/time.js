// Daylight: the reader's time zone (issue 6 §3). On /time-zone, when no zone was chosen yet,
// preselect the browser's own zone in the form, so one click on Save remembers it. Without
// JavaScript the form works the same; the reader picks the zone by hand.
'use strict';
(function () {
  var form = document.getElementById('tz-form');
  if (!form || form.getAttribute('data-chosen')) return;
  var zone;
  try {
    zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  var select = form.querySelector('select[name=tz]');
  for (var i = 0; select && i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.selectedIndex = i;
      return;
    }
  }
})();
