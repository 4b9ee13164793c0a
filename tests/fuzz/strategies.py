"""Hypothesis strategies for query strings and form posts: valid choices mixed with anything a client can send."""

from hypothesis import strategies as st

# Text a browser can put in a form field or a query string (no surrogates, which cannot be encoded as UTF-8),
# with the characters that break naive code: NUL and other control characters, quotes, search syntax, RTL marks.
AWKWARD = [
    "\x00",
    "\x1f",
    "'",
    '"',
    "\\",
    "%",
    "_",
    "*",
    "?",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "~",
    "^",
    "+",
    "-",
    "!",
    "&&",
    "||",
    "AND",
    "OR",
    "NOT",
    "<script>",
    "&amp;",
    "\u202e",
    "\ufeff",
    "ß",
    "Ü",
    "\u0301",
    "🔋",
]
text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(AWKWARD) | st.text(max_size=5), max_size=12).map("".join),
    st.text(min_size=190, max_size=260),
)
numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "1", "2", "9999", "10000", "10001", "1e3", "0x10", " 3 ", "३", "٣", "last", "-0"]),
)


def choice(valid, invalid=text):
    """One value: usually a valid choice, sometimes anything at all."""
    return st.one_of(st.sampled_from(list(valid)), invalid) if valid else invalid


def several(valid, invalid=text):
    """A repeated parameter (?cluster=a&cluster=b)."""
    return st.lists(choice(valid, invalid), max_size=4)


def query(fields: dict, *, extra_keys: bool = True):
    """A query string or form body: any subset of `fields` (name → strategy), maybe with unknown names."""
    base = st.fixed_dictionaries({}, optional=fields)
    if not extra_keys:
        return base
    unknown = st.dictionaries(st.text(min_size=1, max_size=12), text, max_size=2)
    return st.tuples(base, unknown).map(lambda pair: {**pair[1], **pair[0]})


languages = st.sampled_from(["en", "nl", "de"])
