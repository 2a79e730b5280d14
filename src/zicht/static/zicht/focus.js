/* Where focus goes when a page opens (issue 20.5, WCAG 2.4.3), as the Dutch government's design
   systems do: after a failed submit to the error summary, after a successful save to the status
   message, so a screen reader announces it and Tab continues from there. Only summaries that can
   take focus (tabindex="-1") are meant; a page's own autofocus field wins when neither is there. */
(function () {
  "use strict";
  var target =
    document.querySelector(".error-summary[tabindex='-1']") ||
    document.querySelector(".messages[tabindex='-1']");
  if (target) {
    target.focus();
  }
})();
