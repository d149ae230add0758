// Drag to reorder a member's own list. Without this script the up and down buttons (plain
// forms) do the same; with it, rows can be dragged and the new order saved in one post.
(function () {
  "use strict";
  var list = document.querySelector(".member-list[data-reorder-url]");
  var form = document.querySelector("form.reorder-form");
  if (!list || !form) return;
  var field = form.querySelector("input[name=order]");
  var dragged = null;

  function order() {
    return Array.prototype.map.call(list.querySelectorAll("li[data-entry]"), function (row) {
      return row.getAttribute("data-entry");
    }).join(",");
  }

  Array.prototype.forEach.call(list.querySelectorAll("li[data-entry]"), function (row) {
    row.setAttribute("draggable", "true");
    row.classList.add("draggable-row");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-entry"));
      row.classList.add("opacity-50");
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("opacity-50");
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      field.value = order();
      form.hidden = false;
    });
  });
})();
