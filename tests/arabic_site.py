"""A small English and Arabic (right-to-left) help site, for the tests of right-to-left pages.

The Arabic machine-translated article is copied byte for byte from the in-repository slice of the
Arabic corpus (``tests/data/corpus/m365-ar/ar-SA/microsoft-365/lighthouse/``, Microsoft Learn, CC BY
4.0); a second one is taken from the corpus, shortened and marked human-translated. The English
pages are their sources, shortened, written here: the Arabic repository carries no English.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from tests.conftest import REPO, SLICE_ARABIC, Project

MKDOCS_YML = """\
site_name: Lighthouse help
site_url: http://127.0.0.1:8000/
docs_dir: docs
theme:
  name: material
  font: false
  features:
    - navigation.sections
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
hooks:
  - hooks/review_notices.py
plugins:
  - search
  - helpsite:
      docs_structure: folder
"""

HANDOFF = """\
ms.openlocfilehash: b9e02ba0696d76ec58ec880e12001cdc6800430c
ms.sourcegitcommit: 23a53b5c5e372a2a7ad5e175850224d3d464f6dd
ms.contentlocale: ar-SA
ms.lasthandoff: 07/28/2022
"""

ARTICLES = {
    "en/index.md": """\
        ---
        title: Microsoft 365 Lighthouse help
        ms.topic: landing-page
        ---
        # Microsoft 365 Lighthouse help

        - [Block user sign-in](lighthouse/m365-lighthouse-block-user-signin.md)
        - [Reset a user password](lighthouse/m365-lighthouse-reset-user-password.md)
        - [View your Lighthouse roles](lighthouse/view-your-roles.md)
        """,
    "en/lighthouse/m365-lighthouse-block-user-signin.md": """\
        ---
        title: Block user sign-in in Microsoft 365 Lighthouse
        ms.topic: article
        ---
        # Block user sign-in in Microsoft 365 Lighthouse

        You can block a user account if you think it's been compromised. Blocking a user account
        immediately prevents anyone from signing in to that account. If a user tries to sign in,
        they're automatically signed out of all Microsoft 365 services within 60 minutes.

        ## Block sign-in for a user

        1. In the left navigation pane in Lighthouse, select **Users** > **Search users**.
        2. From the list of search results, select the user.
        3. In the user details pane, select **Block sign-in**.
        4. Select **Save changes**.

        ## Related content

        [Reset a user password](m365-lighthouse-reset-user-password.md) (article)
        """,
    "en/lighthouse/m365-lighthouse-reset-user-password.md": """\
        ---
        title: Reset a user password in Microsoft 365 Lighthouse
        ms.topic: article
        ---
        # Reset a user password in Microsoft 365 Lighthouse

        Microsoft 365 Lighthouse lets you change or reset user passwords, for one user or for several
        risky users across different tenants.

        ## Reset a password for a user

        1. In the left navigation pane in Lighthouse, select **Users** > **Search users**.
        2. From the list of search results, select the user.
        3. Select **Reset password**.
        """,
    "en/enterprise/manage-microsoft-365-accounts.md": """\
        ---
        title: Manage Microsoft 365 user accounts
        ms.topic: article
        ---
        # Manage Microsoft 365 user accounts

        You can manage the user accounts of your organization in the Microsoft 365 admin center.
        """,
    "en/lighthouse/view-your-roles.md": """\
        ---
        title: View your Microsoft 365 Lighthouse roles
        ms.topic: article
        ---
        # View your Microsoft 365 Lighthouse roles

        Your role in the partner tenant decides what you can see and do in Lighthouse.
        """,
    "ar/index.md": """\
        ---
        title: تعليمات Microsoft 365 Lighthouse
        ms.topic: landing-page
        ms.contentlocale: ar-SA
        ---
        # تعليمات Microsoft 365 Lighthouse

        - [حظر تسجيل دخول المستخدم](lighthouse/m365-lighthouse-block-user-signin.md)
        - [إعادة تعيين كلمة مرور مستخدم](lighthouse/m365-lighthouse-reset-user-password.md)
        - [عرض أدوار Lighthouse](lighthouse/view-your-roles.md)
        """,
    "ar/lighthouse/m365-lighthouse-reset-user-password.md": """\
        ---
        title: إعادة تعيين كلمة مرور مستخدم في Microsoft 365 Lighthouse
        ms.topic: article
        ms.translationtype: HT
        {handoff}---
        # <a name="reset-a-user-password-in-microsoft-365-lighthouse"></a>إعادة تعيين كلمة مرور مستخدم في Microsoft 365 Lighthouse

        يتيح لك Microsoft 365 Lighthouse تغيير كلمات مرور المستخدمين أو إعادة تعيينها. يمكنك إعادة
        تعيين كلمة المرور لمستخدم واحد أو لعدة مستخدمين خطرين عبر مستأجرين مختلفين.

        ## <a name="reset-a-password-for-a-user"></a>إعادة تعيين كلمة مرور لمستخدم

        1. في جزء التنقل الأيمن في Lighthouse، حدد **المستخدمين** > **البحث عن المستخدمين**.
        2. من قائمة نتائج البحث، حدد المستخدم.
        3. حدد **إعادة تعيين كلمة المرور**.
        """,
}

# Copied as they are from the slice: (the corpus's path, the site's path).
REAL_ARTICLES = {"microsoft-365/lighthouse/m365-lighthouse-block-user-signin.md": "ar/lighthouse/m365-lighthouse-block-user-signin.md"}

MACHINE_TRANSLATED = "ar/lighthouse/m365-lighthouse-block-user-signin/"
HUMAN_TRANSLATED = "ar/lighthouse/m365-lighthouse-reset-user-password/"
FALLBACK = "ar/lighthouse/view-your-roles/"  # no Arabic page: the English one, with a notice


def write_arabic_site(root: Path) -> Project:
    """The site's files (mkdocs.yml, the repository's locales/, schema/ and hooks/, the articles) under ``root``."""
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "hooks", root / "hooks")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    project = Project(root)
    for relative, text in ARTICLES.items():
        project.write(f"docs/{relative}", textwrap.dedent(text).replace("{handoff}", HANDOFF))
    for corpus_path, relative in REAL_ARTICLES.items():
        project.write(f"docs/{relative}", (SLICE_ARABIC / corpus_path).read_bytes())
    return project
