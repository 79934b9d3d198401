"""The document model: plain dataclasses, no reportlab.

`parse` builds it from sources, `enrich` fills in and rewrites it in place (numbers,
anchors, acronym uses in the inline lists), `layout` reads it. `model.walk` visits all of it.
"""

from handbook.model.document import *  # noqa: F401,F403
from handbook.model.questions import *  # noqa: F401,F403
from handbook.model.diagrams import *  # noqa: F401,F403
