"""On-demand benchmarks of ``constructs_pkg`` against hand-written aws-cdk-lib (``make bench``)."""
