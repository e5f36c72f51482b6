// Sortable tables for lifecycle-report pages (tablesort, shipped locally: no CDN).
// Material for MkDocs loads pages instantly, so hook on its document$ when present.
(function () {
  function sortable() {
    document.querySelectorAll("article table.lr-sortable, article table:not([class])")
      .forEach(function (table) {
        if (!table.dataset.lrSorted && typeof Tablesort !== "undefined") {
          table.dataset.lrSorted = "1";
          new Tablesort(table);
        }
      });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(sortable); }
  else { document.addEventListener("DOMContentLoaded", sortable); }
})();
