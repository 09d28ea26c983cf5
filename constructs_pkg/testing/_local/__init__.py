"""The local executor of a synthesized REST API (:class:`~constructs_pkg.testing.LocalApi`)."""
