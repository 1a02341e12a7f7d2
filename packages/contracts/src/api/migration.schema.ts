// API shapes for this area: filled in by the issue that builds it.
export {};
