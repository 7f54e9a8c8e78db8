"""Readers that turn files and streams into articles, and the batch runner."""
