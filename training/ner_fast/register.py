"""Passed to ``spacy train --code``: registers Lagebild's architectures and factories."""

import lagebild.components  # noqa: F401
