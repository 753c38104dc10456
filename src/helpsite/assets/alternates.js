/* helpsite: Material for MkDocs fetches "<href>sitemap.xml" for every <link rel="alternate"> in the
   head as the page loads (its language selector expects the root of each language's site there).
   helpsite's alternates are the page's hreflang links: absolute URLs on site_url, so every page
   would ask the production host (or, previewing, another) for a sitemap that does not exist. The
   links are lifted out of the head while Material looks, just before its DOMContentLoaded handler
   runs, and put back in place right after; crawlers read them in the HTML as written. */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var links = Array.prototype.slice.call(document.head.querySelectorAll("link[rel=alternate][hreflang]"));
    var places = links.map(function (link) { return [link, link.nextSibling]; });
    links.forEach(function (link) { link.remove(); });
    setTimeout(function () {
      for (var i = places.length - 1; i >= 0; i--) document.head.insertBefore(places[i][0], places[i][1]);
    });
  }, { once: true });
})();
