"""Screen import manifests for forced-labour risk under the US Uyghur Forced Labor
Prevention Act (UFLPA), from polars, pandas or Spark.

The same library as the ``uflpa-screen`` command-line tool, with the rule pack embedded:
every row gets one verdict (``presumed``, ``review`` or ``clear``) and its findings. Data
crosses into the library as Arrow (no Python runs per row).

Functions
---------
screen(df, ...)
    A polars or pandas DataFrame (or a pyarrow Table) in, the same kind out.
screen_file(path, ...)
    A CSV file or a spreadsheet, read as the CLI reads it; a polars DataFrame out.
check(text, ...)
    One address, name or description checked by hand.
entity(name, ...)
    UFLPA Entity List candidates for a name.

Output columns
--------------
The input's columns come first, with their own types; an input column whose name equals,
ignoring case, one of the tool's columns (or an earlier input column) is renamed
``input.NAME`` (the same rule as the CLI's CSV and Parquet outputs). Then the tool's columns:

=====================  ==========================  ===========================================
column                 type                        meaning
=====================  ==========================  ===========================================
``row``                int64                       1-based row of the input
``shipment_id``        string (null if none)       the entry / shipment number, as read
``line``               string (null if none)       the entry line, as read
``verdict``            string                      ``presumed``, ``review`` or ``clear``
``codes``              string                      rule codes, ``;``-separated
``reasons``            string                      one reason per finding, `` | ``-separated
``value_decimal``      decimal128(38, 6)           declared value (``54.000,00`` -> 54000);
                                                   null when blank or unreadable; more than 6
                                                   decimals are rounded half to even
``value_currency``     string                      ISO 4217 code of the value
``entry_date_parsed``  date                        entry date
``findings``           list of structs             ``code``, ``severity``, ``field`` (input
                                                   column), ``matched`` (text), ``reason``,
                                                   ``tier`` (int32), ``waived`` (waiver reason)
=====================  ==========================  ===========================================

pandas receives ``value_decimal`` as Python ``decimal.Decimal`` objects and
``entry_date_parsed`` as ``datetime.date`` (through pyarrow), never floats.

Errors
------
``ScreenError`` (a subclass of ``Exception``) for anything that stops a run: an unreadable
file or column (named), a bad rule pack or configuration (file and key), or more unreadable
rows than ``max_rejects`` (each named by row and column). Nothing is dropped silently: every
input row is in the results or in the rejects (``rejects=True``); blank rows and rows allowed
by ``max_rejects`` raise a ``UserWarning`` when the rejects are not asked for.

Warnings
--------
``ListWarning`` (a ``UserWarning``) for what the CLI prints about the lists in use: an Entity
List older than ``max_list_age`` days or dated after ``as_of``, and entities of the embedded
list that a ``lists=`` Entity List lacks.
"""

from __future__ import annotations

import functools
import json
import os
import warnings
from typing import Any, NamedTuple

from ._uflpa_screen import ScreenError, Screener, __version__
from ._uflpa_screen import output_names as _output_names
from ._uflpa_screen import output_schema as _output_schema
from ._uflpa_screen import own_columns as _own_columns

__all__ = [
    "ListWarning",
    "WaiverWarning",
    "Screened",
    "ScreenError",
    "Screener",
    "check",
    "entity",
    "output_names",
    "output_schema",
    "screen",
    "screen_file",
    "__version__",
]


class ListWarning(UserWarning):
    """A warning about the lists a screen uses, the ones ``uflpa-screen`` prints on stderr:
    the Entity List in use is older than ``max_list_age`` days (default 180; DHS may have
    listed entities since) or dated after ``as_of``, or a ``lists=`` Entity List lacks
    entities of the embedded one (they are no longer screened). Raised through
    ``warnings.warn`` by ``screen``, ``screen_file``, ``check``, ``entity`` and (on the
    driver) ``screen_spark``; silence it with
    ``warnings.filterwarnings("ignore", category=uflpa_screen.ListWarning)``."""


class WaiverWarning(UserWarning):
    """A waiver of the ``config=`` file that needs attention, as ``uflpa-screen`` warns on
    stderr: it has expired (its finding counts again) or it matched no finding (unused: the
    supplier, shipment or code may have changed). Raised through ``warnings.warn`` by
    ``screen`` and ``screen_file``, whether or not ``rejects=True`` (the same texts are in the
    summary's ``waiver_issues``), so that waivers do not rot unseen in a notebook."""


class Screened(NamedTuple):
    """What ``screen(..., rejects=True)`` returns.

    ``results``: the screened rows (the input's kind of DataFrame); ``rejects``: the rows
    that are not in ``results`` and the cells that could not be read, with columns ``row``
    (int64, 1-based input row), ``line`` (int64), ``column`` (string or null), ``kind``
    (``record``: the row was not screened; ``blank``: an empty row; ``cell``: a cell that
    could not be read, its row screened on the others), ``reason`` and ``raw``;
    ``summary``: a dict (rows read, rejected, blank, per verdict the rows and their value by
    currency, rows per rule code, waivers), the object ``uflpa-screen --summary`` writes.
    """

    results: Any
    rejects: Any
    summary: dict


@functools.lru_cache(maxsize=8)
def _screener(
    rules: str | None,
    config: str | None,
    as_of: str | None,
    threads: int,
    lists: str | None = None,
    max_list_age: int | None = None,
) -> Screener:
    return Screener(
        rules=rules,
        config=config,
        as_of=as_of,
        threads=threads,
        lists=lists,
        max_list_age=max_list_age,
    )


def _warned(s: Screener, stacklevel: int = 3) -> Screener:
    """``s``, after raising its list warnings as ``ListWarning`` (``stacklevel`` 3: the line
    that called the public function)."""
    for w in s.warnings:
        warnings.warn(f"uflpa_screen: {w}", ListWarning, stacklevel=stacklevel)
    return s


def _path(p: Any) -> str | None:
    return None if p is None else os.fspath(p)


def output_names(names: list[str]) -> list[str]:
    """The output names of input columns (a list of str, same length): a name that equals,
    ignoring case, a tool column (``own columns``) or an earlier input column's output name
    gets ``input.`` in front until it does not."""
    return _output_names(list(names))


def output_schema(schema: Any) -> Any:
    """The Arrow schema of ``screen``'s results for an input Arrow schema (anything with
    ``__arrow_c_schema__``, e.g. ``pyarrow.Schema``); returned as an object with
    ``__arrow_c_schema__`` (``pyarrow.schema(result)`` turns it into a pyarrow schema).
    The tool's text columns are ``string`` here, as pandas, pyarrow and Spark receive them;
    polars receives them as ``string_view``, its own layout (``pl.String`` either way)."""
    return _output_schema(schema)


def _kind(df: Any) -> str:
    mod = type(df).__module__.split(".")[0]
    if mod == "polars":
        return "polars"
    if mod == "pandas":
        return "pandas"
    if mod == "pyarrow":
        return "pyarrow"
    if hasattr(df, "__arrow_c_stream__"):
        return "arrow"
    raise TypeError(
        f"screen() takes a polars or pandas DataFrame or an Arrow table, not {type(df).__name__}"
    )


def _to_arrow_input(df: Any, kind: str) -> Any:
    if kind == "pandas":
        import pyarrow as pa

        # The index is not a column of the manifest.
        return pa.Table.from_pandas(df, preserve_index=False)
    return df


def _back(table: Any, kind: str) -> Any:
    if kind == "polars":
        import polars as pl

        return pl.DataFrame(table)
    import pyarrow as pa

    t = pa.table(table)
    if kind == "pandas":
        return t.to_pandas()
    return t


def _finish(out: tuple, kind: str, rejects: bool) -> Any:
    results, rej, summary = out
    summary = json.loads(summary)
    for w in summary.get("waiver_issues", []):
        warnings.warn(f"uflpa_screen: {w}", WaiverWarning, stacklevel=3)
    left_out = summary.get("rejected", 0) + summary.get("blank", 0)
    if rejects:
        return Screened(_back(results, kind), _back(rej, kind), summary)
    if left_out:
        warnings.warn(
            f"uflpa_screen: {left_out} row(s) are not in the results "
            f"({summary.get('rejected', 0)} unreadable, {summary.get('blank', 0)} blank); "
            "call with rejects=True to get them with their reasons",
            UserWarning,
            stacklevel=3,
        )
    return _back(results, kind)


def screen(
    df: Any,
    *,
    rules: str | os.PathLike | None = None,
    lists: str | os.PathLike | None = None,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    decimal: str = "auto",
    date_order: str = "auto",
    max_rejects: int = 0,
    max_field_bytes: int = 1 << 20,
    max_list_age: int | None = None,
    threads: int = 0,
    rejects: bool = False,
    name: str = "<table>",
) -> Any:
    """Screen every row of a DataFrame.

    ``df``: a polars or pandas DataFrame or a pyarrow Table whose columns are the manifest's
    (headers are recognised as the CLI recognises them: ``supplier``, ``Manufacturer
    Address``, ``HTS``, ``Entry Date``...). Any column type that Arrow can cast to text is
    read (decimals keep their digits, dates become ``YYYY-MM-DD``); nulls are blank.

    Returns the same kind of DataFrame: the input's columns (renamed only where they clash,
    see the module's documentation) and then ``row``, ``shipment_id``, ``line``,
    ``verdict``, ``codes``, ``reasons``, ``value_decimal`` (decimal), ``value_currency``,
    ``entry_date_parsed`` (date) and ``findings`` (list of structs), one row per input row
    in input order (rows not screened are left out, see ``rejects``).

    ``rules``: a rule-pack directory (the CLI's ``--rules``); default the embedded pack.
    ``lists``: a list directory written by ``uflpa-screen lists import`` (the CLI's
    ``--lists``: ``entity-list.csv`` in place of the embedded Entity List, and ``wro.csv``,
    ``xpcc-affiliates.csv``); default the ``[lists] dir`` of ``config``, if any.
    ``config``: a ``uflpa.toml`` (the CLI's ``--config``: waivers, watch lists, severity
    overrides, ``[map]`` of columns); not searched for. ``as_of``: ``YYYY-MM-DD`` for waiver
    expiry. ``decimal`` (``auto``/``point``/``comma``) and ``date_order``
    (``auto``/``mdy``/``dmy``) as the CLI's ``--decimal`` and ``--date-order``.
    ``max_rejects``: unreadable rows allowed before ``ScreenError`` (as ``--max-rejects``).
    ``max_list_age``: days after which the Entity List in use is old enough for a
    ``ListWarning`` (as ``--max-list-age``; default the config's ``[lists] max_age_days``,
    else 180). ``threads``: screening threads (0: one per core); the GIL is released while
    screening. ``rejects=True`` returns a ``Screened`` (results, rejects, summary) instead.
    ``name`` names the table in messages.

    Raises ``ScreenError`` (message naming the column, row or key) and ``TypeError`` for an
    object that is not a table. Warns ``ListWarning`` about the lists in use (see
    ``ListWarning``) and ``UserWarning`` when rows are left out of the results without
    ``rejects=True``.
    """
    kind = _kind(df)
    s = _warned(_screener(_path(rules), _path(config), as_of, threads, _path(lists), max_list_age))
    out = s.screen_table(
        _to_arrow_input(df, kind),
        name=name,
        decimal=decimal,
        date_order=date_order,
        max_rejects=max_rejects,
        max_field_bytes=max_field_bytes,
        # polars takes Arrow's string_view layout without copying the text.
        string_view=kind == "polars",
    )
    return _finish(out, kind, rejects)


def screen_file(
    path: str | os.PathLike,
    *,
    rules: str | os.PathLike | None = None,
    lists: str | os.PathLike | None = None,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    decimal: str = "auto",
    date_order: str = "auto",
    max_rejects: int = 0,
    max_field_bytes: int = 1 << 20,
    sheet: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    max_list_age: int | None = None,
    threads: int = 0,
    rejects: bool = False,
    to: str = "polars",
) -> Any:
    """Screen a CSV file or a spreadsheet (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``,
    ``.ods``) as ``uflpa-screen screen`` reads it: encoding, delimiter, the header's row and
    ``row``/``line`` numbers as the CLI finds them.

    Returns a DataFrame (``to="polars"``, ``"pandas"`` or ``"pyarrow"``) with the file's
    columns as text (renamed only where they clash) and the tool's columns as ``screen``
    gives them. A Parquet file: read it with polars or pyarrow and call ``screen`` (this
    package leaves polars out of its binary).

    ``sheet``, ``header_row`` and ``encoding`` are the CLI's ``--sheet``, ``--header-row``
    and ``--encoding``; the other arguments are ``screen``'s. Raises ``ScreenError`` naming
    the file (and line and column) that cannot be read; warns as ``screen`` does.
    """
    if to not in ("polars", "pandas", "pyarrow"):
        raise ValueError(f"to={to!r}: expected 'polars', 'pandas' or 'pyarrow'")
    s = _warned(_screener(_path(rules), _path(config), as_of, threads, _path(lists), max_list_age))
    out = s.screen_file(
        os.fspath(path),
        decimal=decimal,
        date_order=date_order,
        max_rejects=max_rejects,
        max_field_bytes=max_field_bytes,
        sheet=sheet,
        header_row=header_row,
        encoding=encoding,
        string_view=to == "polars",
    )
    return _finish(out, to, rejects)


def check(
    text: str,
    *,
    kind: str = "address",
    country: str | None = None,
    rules: str | os.PathLike | None = None,
    lists: str | os.PathLike | None = None,
) -> dict:
    """Check one text by hand, as ``uflpa-screen check``.

    ``kind``: ``address``, ``name`` or ``goods``; ``country``: the country the text is in,
    if known. Returns ``{"verdict": str, "findings": [{"code", "severity", "field",
    "matched", "reason", ...}]}``. Raises ``ScreenError`` for an unknown ``kind`` or a bad
    ``rules``/``lists`` directory; warns ``ListWarning`` about the lists in use.
    """
    return json.loads(
        _warned(_screener(_path(rules), None, None, 1, _path(lists))).check(text, kind, country)
    )


def entity(
    name: str,
    *,
    limit: int = 5,
    rules: str | os.PathLike | None = None,
    lists: str | os.PathLike | None = None,
) -> list[dict]:
    """UFLPA Entity List candidates for a company name, best first, as ``uflpa-screen
    entity``: dicts with ``name``, ``scope``, ``matched`` (the listed name or alias),
    ``kind`` (``exact``, ``fuzzy``, ``extension``, ``near``), ``code`` (``EL3xx``),
    ``verdict``, ``score`` (0-1), ``sections``, ``date_added`` and ``citation``. An empty
    list when nothing on the list resembles the name. Raises ``ScreenError`` for a bad
    ``rules``/``lists`` directory; warns ``ListWarning`` about the lists in use."""
    return json.loads(
        _warned(_screener(_path(rules), None, None, 1, _path(lists))).entity(name, limit)
    )


OWN_COLUMNS = tuple(_own_columns())
"""The tool's columns in ``screen``'s results, in order."""
