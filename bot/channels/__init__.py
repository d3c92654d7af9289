"""Rasa input channels for the assistant (listed in credentials.yml)."""
