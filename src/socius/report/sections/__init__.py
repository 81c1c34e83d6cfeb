"""Report sections, one module per topic; each offers ``section(ctx) -> Section``."""
