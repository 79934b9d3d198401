"""handbook: Markdown chapters with YAML metadata in, a print-ready PDF handbook out.

The pipeline, one stage a sub-package:
    sources  (files, front matter, settings)  ->  parse   (document model)
    enrich   (acronyms, numbering, questions) ->  layout  (reportlab flowables)
    output   (PDF writing, imposition)
"""

__version__ = "0.1.0"
