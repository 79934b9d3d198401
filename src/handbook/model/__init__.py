"""The document model: plain dataclasses, no reportlab.

`parse` builds it from sources, `enrich` adds to it (returning new objects
where it changes them), `layout` reads it.
"""

from handbook.model.document import *  # noqa: F401,F403
from handbook.model.questions import *  # noqa: F401,F403
