"""The MkDocs adapter: the only package of helpsite that imports MkDocs (``helpsite check`` never
loads it), on either engine MkDocs or ProperDocs (``engine``). This package imports nothing itself,
so that ``engine`` can choose which one answers ``mkdocs`` imports before any module of the plugin
is loaded. Each module is one concern of the build, as Material's own plugins are laid out:

plugin       the event methods of the ``helpsite`` plugin, each calling one of the modules below
config       its options (generated from their declaration) and the languages, from locales/
files        what is published: no include fragments, nothing through a symbolic link out of docs/
generated    helpsite's own pages: review queue, status dashboard, reference of codes
sidebyside   each translation's review page: beside its source, block by block, with the source's diff
navigation   one section per folder; a window of a long section per page
navmemo      each navigation entry rendered once per language build, not once per page that lists it
pages        a page's text: front matter escaped, DocFX rendered, fallback notice, findings panel
head         robots, canonical and hreflang of each page, and its sitemap entry
search       one search index per locale; Material's indexer reading each page in one pass
reader       what a reader sees around an article: the frame in the reader's language, 404 pages,
             last update, related articles, feedback, fallback status; where the team's pages go
output       what the outer build writes after the pages: sitemaps, indexes, a shard's manifest
background   the checks, beside the build (or incrementally when serving), logged as MkDocs messages
preview      the writer's loop under `mkdocs serve`: watched files, the address, what a save renders again
state        what the plugin knows of the site before it renders a page
templates    the theme's templates compiled once per process, not once per language build
review       the site's and each page's review state, for the hooks in hooks/
scope        which locales a build writes (all, a preview's, a shard's), without MkDocs
engine       the engine (MkDocs or ProperDocs): `helpsite build` and `helpsite serve` in one process
jobs         `helpsite build --jobs N`: shards of locales built in parallel processes, then merged
"""
