"""Guides as code: one YAML file per guide, exported from and imported into an app."""
