"""What the build cache must know about the work it skips: the inputs a step read, recorded
while it reads them (the approach of Typst's comemo: tracked reads, validated on reuse)."""
