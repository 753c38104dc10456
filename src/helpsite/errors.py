class ConfigError(Exception):
    """The site's configuration (mkdocs.yml, locales/, the schema) cannot be used; says where and why."""
