"""Stage 4: the enriched document model -> reportlab flowables, one module per kind of block."""
