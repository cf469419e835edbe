"""Seeding realistic networks for development and benchmarks."""
