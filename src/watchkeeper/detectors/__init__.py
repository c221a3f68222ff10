"""Detectors: each turns a batch of events into signals (see ``base`` for the contract)."""
