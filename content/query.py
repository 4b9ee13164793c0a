"""Search text from visitors, made safe for the database full-text engines."""

# Characters the full-text engines read as query syntax (SQLite FTS5 fails on an unbalanced quote).
SEARCH_SYNTAX_CHARACTERS = str.maketrans({'"': " ", "\x00": " "})


def clean_search_text(raw: str) -> str:
    """The visitor's words: no control characters, no full-text syntax, single spaces."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw.translate(SEARCH_SYNTAX_CHARACTERS))
    return " ".join(printable.split())
