"""Stage 5: write the PDF (atomically) and what is made from it."""
