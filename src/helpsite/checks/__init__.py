"""The checks: small functions that read Articles (and the Site) and yield Findings.

Each module declares the rules it emits (``RULESET``) beside the code that emits them;
``registry`` indexes them, ``suite`` says which checks run on an article and on the tree, and
``context`` is what a check may consult beyond the article.
"""
