"""The editor's workflow around the build: scaffolding (`new`, `init`), the rebuild loop
(`watch`), lint output (`check --format`) and `stats`. The click commands are in `handbook.cli`."""
