"""What flags a translation for review: read this file to see, and change, what readers and
crawlers are shown of a page's review state. MkDocs runs it as a hook (``hooks:`` in mkdocs.yml);
without it the site builds the same pages, unflagged.

- a machine-translated page gets a notice at its top, in its own language, linking to the source
  page, and Material's translate icon in the navigation; crawlers are told to skip it (noindex),
  unless ``review: {noindex_machine_translated: false}``;
- a page whose source changed since hand-off says so (one box with both sentences when it is also
  machine-translated) and gets a clock icon.

The texts come from ``locales/<code>.yml`` (``mt_status``, ``mt_notice``, ``mt_notice_link``,
``outdated_status``, ``outdated_notice``); the HTML, escaped, from ``helpsite.publishing.notices``;
the review state from the helpsite plugin, through ``helpsite.mkdocs.review``.
"""

from mkdocs.plugins import event_priority

from helpsite.mkdocs.review import site_review
from helpsite.publishing import notices

# The page events below read nothing but the page, its metadata and helpsite's review state: a
# build with the build cache may write a page whose inputs did not change as it was, without
# running them (helpsite.mkdocs.replay). Remove this line if you make them read anything else.
helpsite_replay = True


@event_priority(-110)  # after the helpsite plugin's own: the locale being built is known
def on_config(config):
    review = site_review(config)
    # Material's navigation status icons, titled in the language being built.
    config.extra["status"] = {**(config.extra.get("status") or {}), **notices.status_labels(review.locale, review.locales)}
    # Decided for every page before any is built, so sitemaps and hreflang leave these pages out too.
    review.noindex_when(notices.machine_translation_noindex)
    return config


def on_page_markdown(markdown, page, config, files):
    review = site_review(config).page(page)
    status = notices.page_status(review.entry if review else None)  # outdated wins over machine-translated
    if status:
        page.meta["status"] = status
    return markdown


def on_page_content(html, page, config, files):
    review = site_review(config).page(page)
    if review is None:
        return html
    return notices.notices_html(review.entry, review.locale, review.locales, review.source_url) + html
