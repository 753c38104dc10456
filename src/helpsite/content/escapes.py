"""A Python-Markdown extension: a backslash escapes any ASCII punctuation, as in CommonMark.

Learn's articles are written for Markdig, a CommonMark parser, where ``\\<tenantname>`` is the text
``<tenantname>``; Python-Markdown escapes sixteen characters only, so it published a backslash
and an unknown element that a browser shows as nothing (the sanitizer then removed it, HTML002):
"https://\\.sharepoint.com/sites/\\/" where the article says where to put the tenant's name. The
check reads articles as CommonMark (pulldown-cmark), so with this the build agrees with it.
"""

from __future__ import annotations

import string

from markdown import Markdown
from markdown.extensions import Extension


class CommonMarkEscapes(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS.extend(char for char in string.punctuation if char not in md.ESCAPED_CHARS)


def makeExtension(**kwargs) -> CommonMarkEscapes:  # the name Python-Markdown loads an extension by
    return CommonMarkEscapes(**kwargs)
