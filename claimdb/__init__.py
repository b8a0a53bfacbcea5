"""claimdb: a claim-versus-claim fact-tracking database."""

__version__ = "0.1.0"
