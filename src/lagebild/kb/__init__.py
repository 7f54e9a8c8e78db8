"""The knowledge base: articles accumulate in one store; commands, API and pages read it.

``Store(url)`` opens (and migrates) a store; ``lagebild.kb.queries`` reads it.
"""

from .linking import ExactMatcher, Linker, Match, NameMatcher
from .store import Store, default_url, document_key

__all__ = ["ExactMatcher", "Linker", "Match", "NameMatcher", "Store", "default_url", "document_key"]
