// Runs in <head>, before the page is drawn, so nothing flashes in the wrong colours.
// Bootstrap 5.3 draws light or dark by data-bs-theme on <html>: follow the system's
// preference, and keep following it if it changes while the page is open.
(function () {
  "use strict";
  var root = document.documentElement;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function follow() {
    root.setAttribute("data-bs-theme", dark.matches ? "dark" : "light");
  }
  follow();
  dark.addEventListener("change", follow);
  // Scripts run: the phone menu can fold behind its toggler (see .no-js in sadlist.css).
  root.classList.remove("no-js");
})();
