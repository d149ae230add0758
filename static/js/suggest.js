// Title suggestions under the navigation's search box, as the visitor types.
// Enhancement only: without this script the box is a plain GET form to /titles/?q=.
// Suggestions fill a <datalist> (the browser draws and announces it); picking one
// goes straight to that title's page.
(function () {
  "use strict";
  var input = document.getElementById("nav-search");
  if (!input || !input.dataset.suggestUrl || !window.fetch) {
    return;
  }
  var list = document.createElement("datalist");
  list.id = "nav-search-suggestions";
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  input.after(list);

  var pages = {}; // suggested title -> its page
  var timer = null;
  var asked = "";

  function show(results) {
    pages = {};
    list.replaceChildren();
    results.forEach(function (result) {
      var option = document.createElement("option");
      option.value = result.title;
      if (result.meta) {
        option.label = result.meta;
      }
      pages[result.title] = result.url;
      list.appendChild(option);
    });
  }

  function ask(query) {
    asked = query;
    var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (query === asked) {
          show(data.results || []);
        }
      })
      .catch(function () {
        // Offline or failing: the box still searches when submitted.
      });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (Object.prototype.hasOwnProperty.call(pages, input.value)) {
      window.location.assign(pages[input.value]);
      return;
    }
    window.clearTimeout(timer);
    if (query.length < 2) {
      show([]);
      return;
    }
    timer = window.setTimeout(function () {
      ask(query);
    }, 150);
  });
})();
