"""The recorder's server side: record tokens, and turning recorded clicks into a draft."""
