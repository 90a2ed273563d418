"""Untrusted text on its way out: every name, label and log field was written by someone else.

School names are typed in spreadsheets, module names come from the vendor's
logs, a log line can be written by anyone who can reach the ENT. Before such
text reaches a reader it goes through one of these, chosen by where it goes:
Streamlit's Markdown, Plotly's pseudo-HTML, a spreadsheet, a CSV file, a
terminal.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

# xlsxwriter turns text starting with "=" into a formula and "http://…" into a
# link unless told otherwise: every workbook the product writes uses these.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# escaping them all leaves no link, image, emphasis, heading, list, table,
# math ($) or Streamlit directive (:red[…], :material/…:) to interpret.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=\"'&%^@;,?/])")
# GFM turns bare addresses into links after Markdown escapes are resolved
# (http://…, www.…, a@b.fr): an invisible word joiner after the scheme, "www"
# or "@" leaves the text as it reads but no longer an address.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|@")
WORD_JOINER = "\u2060"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A leading character that makes a spreadsheet read the cell as a formula (OWASP).
_FORMULA_START = r"^[=+\-@\t\r]"
_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def markdown(text: object) -> str:
    """Text shown literally by any Streamlit call that reads Markdown (labels, captions, st.markdown)."""
    if text is None:
        return "—"
    flat = " ".join(str(text).split())  # a newline would start a new Markdown block
    unlinked = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, flat)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def plotly_text(text: object) -> str:
    """Text for a Plotly trace name, category or hover text, which Plotly reads as HTML (<a href>, <b>…)."""
    return html.escape("—" if text is None else str(text), quote=True)


def terminal(text: object) -> str:
    """Text printed on one terminal line: control characters (escape sequences, newlines, bidi overrides) shown
    as escapes instead of acted on."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def csv_safe(df: pl.DataFrame) -> pl.DataFrame:
    """Text columns with any cell a spreadsheet would take for a formula (=, +, -, @, tab or CR first, and not
    a number) prefixed with a quote, as OWASP recommends for CSV files opened in Excel."""
    # Imported here: the command line prints through this module, and Polars costs a load 0.09 s to import.
    import polars as pl

    return df.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START) & ~pl.col(c).str.contains(_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in df.schema.items()
        if dtype == pl.String
    )
