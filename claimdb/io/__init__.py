"""Import and export formats: the seed data set (TOML), JSONL, CSV, ClaimReview, HTML."""
