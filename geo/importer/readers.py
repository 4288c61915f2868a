"""Turn the bytes of an uploaded file into a table of cells, whatever office tool wrote it.

The format is recognised from the content, never from the file name (which is never
used as a path either): CSV/TSV text in UTF-8 (with or without BOM), UTF-16, cp1252 or latin-1;
XLSX; GeoJSON; GeoPackage. A file that is none of these raises ``FileProblem`` with a
French message. Row numbers are those the user sees in the spreadsheet.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from geo.importer.mapping import corrections_columns as columns_of
from geo.importer.mapping import count_known_headers, stage_columns
from geo.scdl.schema import is_scdl_header

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_CSV_DELIMITERS = [";", ",", "\t", "|"]


class FileProblem(ValueError):
    """The file as a whole cannot be read (empty, binary, not a spreadsheet...)."""


@dataclass
class Table:
    """Header cells and data rows, each row with its number as shown to the user."""

    kind: str                                   # "csv", "xlsx", "geojson", "gpkg"
    header: list[str]
    rows: list[tuple[int, list[object]]]
    header_row: int = 1
    notes: list[str] = field(default_factory=list)         # file-level warnings
    cell_notes: list[tuple[int, int, str, str]] = field(default_factory=list)  # row, col, value, msg
    cell_errors: list[tuple[int, int, str, str]] = field(default_factory=list)


def read_table(data: bytes) -> Table:
    """Read ``data``; raise ``FileProblem`` when it is not a readable spreadsheet."""
    if len(data) > MAX_BYTES:
        raise FileProblem(f"fichier trop volumineux ({len(data) // 1024} Ko, maximum "
                          f"{MAX_BYTES // (1024 * 1024)} Mo)")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileProblem("fichier vide")
    kind = sniff_kind(data)
    if kind == "csv":
        table = read_csv(data)
    elif kind == "xlsx":
        table = read_xlsx(data)
    else:
        table = read_geo(data, kind)
    if len(table.rows) > MAX_ROWS:
        raise FileProblem(f"trop de lignes ({len(table.rows)}, maximum {MAX_ROWS})")
    return table


def sniff_kind(data: bytes) -> str:
    """"csv", "xlsx", "geojson" or "gpkg" from the first bytes; FileProblem otherwise."""
    head = data[:512]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("classeur Excel 97-2003 (.xls) non pris en charge : "
                          "enregistrez-le en .xlsx ou en CSV")
    for magic, what in [(b"%PDF", "un PDF"), (b"\x89PNG", "une image PNG"),
                        (b"\xff\xd8\xff", "une image JPEG"), (b"GIF8", "une image GIF"),
                        (b"\x1f\x8b", "une archive gzip"), (b"{\\rtf", "un document RTF")]:
        if head.startswith(magic):
            raise FileProblem(f"ce fichier est {what}, pas un tableur")
    text_head = _decode_head(head).lstrip("\ufeff \t\r\n").lower()
    if text_head.startswith(("<!doctype html", "<html", "<table", "<?xml", "<head", "<body")) \
            or re.match(r"<\w", text_head):
        raise FileProblem("ce fichier est une page HTML/XML, pas un tableur : "
                          "exportez le tableau en CSV ou en XLSX")
    if text_head.startswith("{"):
        return "geojson"
    if text_head.startswith("[") and _is_json(data):
        raise FileProblem("JSON qui n'est pas un GeoJSON (FeatureCollection attendue)")
    return "csv"


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _decode_head(head: bytes) -> str:
    utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff")
    return head.decode("utf-16" if utf16 else "utf-8", errors="ignore")


# --- CSV -----------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOM first, then strict UTF-8, then cp1252, then latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "UTF-8 (BOM)"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _strict(data, "utf-16"), "UTF-16"
    if b"\x00" in data:
        raise FileProblem("fichier binaire : ce n'est pas un tableur lisible (CSV, XLSX, "
                          "GeoJSON ou GeoPackage)")
    for encoding, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise FileProblem(f"fichier illisible : il se déclare {encoding.upper()} mais ne "
                          "l'est pas") from None


def read_csv(data: bytes) -> Table:
    """A delimited text file: ``;`` ``,`` tab or ``|``, quoted fields, blank lines allowed."""
    text, encoding = decode_text(data)
    _reject_binary_text(text)
    first_line, _, rest = text.partition("\n")
    declared = re.fullmatch(r"sep=(.)", first_line.strip())  # Excel's "sep=;" line
    if declared:
        text = rest
    delimiter = declared[1] if declared else sniff_delimiter(text)
    table = _table_from_records("csv", _csv_records(text, delimiter), offset=1 if declared else 0)
    if not encoding.startswith("UTF-8"):
        table.notes.insert(0, f"fichier lu en encodage {encoding}")
    return table


def _reject_binary_text(text: str) -> None:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if sample and controls / len(sample) > 0.01:
        raise FileProblem("fichier binaire : ce n'est pas un tableur lisible (CSV, XLSX, "
                          "GeoJSON ou GeoPackage)")


def sniff_delimiter(text: str) -> str:
    """The delimiter giving the widest header and the most rows of that width."""
    sample = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ";", (-1.0, 0)
    for delimiter in _CSV_DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO("\n".join(sample)), delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) per record; a quoted multi-line cell stays one row, as in Excel."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as exc:
        raise FileProblem(f"CSV illisible vers la ligne {len(records) + 1} : {exc}") from None
    return records


def _table_from_records(kind: str, records: list[tuple[int, list[object]]], offset: int = 0) -> Table:
    """First non-empty record is the header unless a later one of the first ten names more
    known columns (a title line above the table); a corrections, stage or SCDL header
    (:mod:`geo.importer.corrections`, :mod:`geo.importer.stages`, :mod:`geo.scdl`) is a
    header wherever it is."""
    filled = [(n + offset, cells) for n, cells in records if not _empty(cells)]
    if not filled:
        raise FileProblem("fichier vide")
    candidates = filled[:10]

    def score(i: int) -> tuple:
        cells = [_header_text(c) for c in candidates[i][1]]
        corrections_header = (columns_of(cells) is not None or stage_columns(cells) is not None
                              or is_scdl_header(cells))
        known = count_known_headers(candidates[i][1])
        return (corrections_header or known >= 2, corrections_header, known, -i)

    header_at = max(range(len(candidates)), key=score)
    header_row, header_cells = candidates[header_at]
    notes = []
    if header_at:
        notes.append(f"lignes 1 à {header_row - 1} ignorées : l'en-tête est en ligne {header_row}")
    header = [_header_text(cell) for cell in header_cells]
    while header and not header[-1] and all(len(c) < len(header) or _blank(c[len(header) - 1])
                                            for _, c in filled[header_at + 1:]):
        header.pop()
    rows = [(n, list(cells)) for n, cells in filled[header_at + 1:]]
    return Table(kind, header, rows, header_row, notes)


def _header_text(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return re.sub(r"\s+", " ", text.replace("\ufeff", "")).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or \
        (isinstance(value, float) and math.isnan(value))


def _empty(cells: list[object]) -> bool:
    return all(_blank(c) for c in cells)


# --- XLSX ----------------------------------------------------------------------------------

def read_xlsx(data: bytes) -> Table:
    """First worksheet of an XLSX workbook; formulas give their cached value (or an error)."""
    formulas, values, sheet_names = _load_sheets(data)
    width = max((len(r) for r in values), default=0)
    records, cell_notes, cell_errors = [], [], []
    for row_number, (f_row, v_row) in enumerate(zip(formulas, values), start=1):
        cells = []
        for col, (f_cell, v_cell) in enumerate(zip(f_row, v_row)):
            if isinstance(f_cell, str) and f_cell.startswith("=") and f_cell != v_cell:
                if v_cell is None:
                    cell_errors.append((row_number, col, f_cell, "formule sans valeur "
                                        "calculée : ouvrez et enregistrez le fichier dans "
                                        "le tableur, ou collez les valeurs"))
                else:
                    cell_notes.append((row_number, col, f_cell,
                                       "formule : sa valeur calculée est utilisée"))
            cells.append(v_cell)
        records.append((row_number, cells + [None] * (width - len(cells))))
    table = _table_from_records("xlsx", records)
    table.cell_notes, table.cell_errors = cell_notes, cell_errors
    if len(sheet_names) > 1:
        table.notes.append(f"seule la première feuille « {sheet_names[0]} » est lue "
                           f"({len(sheet_names)} feuilles)")
    return table


def _load_sheets(data: bytes):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                what = "un document Word/OpenDocument" if "word/document.xml" in names or \
                    "content.xml" in names else "une archive ZIP"
                raise FileProblem(f"ce fichier est {what}, pas un classeur XLSX")
            bad = archive.testzip()
            if bad:
                raise FileProblem("classeur XLSX endommagé (partie corrompue : " + bad + ")")
        books = [openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=flag)
                 for flag in (False, True)]
    except FileProblem:
        raise
    except zipfile.BadZipFile:
        raise FileProblem("classeur XLSX tronqué ou endommagé : il ne s'ouvre pas") from None
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise FileProblem(f"classeur XLSX endommagé : {type(exc).__name__}") from None
    try:
        sheets = [book.worksheets[0] for book in books]
        for sheet in sheets:
            sheet.reset_dimensions()  # trust the cells, not a stale <dimension> element
        formulas = [list(r) for r in sheets[0].iter_rows(values_only=True)]
        values = [list(r) for r in sheets[1].iter_rows(values_only=True)]
        names = books[0].sheetnames
    except IndexError:
        raise FileProblem("classeur XLSX sans feuille") from None
    except Exception as exc:
        raise FileProblem(f"classeur XLSX endommagé : {type(exc).__name__}") from None
    finally:
        for book in books:
            book.close()
    return formulas, values, names


# --- GeoJSON / GeoPackage ------------------------------------------------------------------

def read_geo(data: bytes, kind: str) -> Table:
    """Attributes of the first layer; point geometries become longitude/latitude (WGS84).

    There is no header row in these formats: row n is the n-th feature, counted from 2 so
    that the numbering matches the same data saved as a spreadsheet (header = row 1).
    """
    frame, notes = _read_geodataframe(data, kind)
    columns = [c for c in frame.columns if c != "geometry"]
    header = [str(c) for c in columns] + ["longitude", "latitude"]
    geometries = list(frame["geometry"]) if "geometry" in frame else [None] * len(frame)
    rows, cell_errors = [], []
    records = frame[columns].itertuples(index=False, name=None)
    for position, (record, geometry) in enumerate(zip(records, geometries), start=2):
        values = [_geo_value(v) for v in record]
        lon, lat, problem = _point_of(geometry)
        if problem:
            cell_errors.append((position, len(header) - 2, problem[0], problem[1]))
        rows.append((position, values + [lon, lat]))
    if any(h.lower() in ("longitude", "latitude") for h in header[:-2]):
        notes.append("colonnes longitude/latitude ignorées : la géométrie fait foi")
        keep = [i for i, h in enumerate(header[:-2]) if h.lower() not in ("longitude", "latitude")]
        keep += [len(header) - 2, len(header) - 1]
        header = [header[i] for i in keep]
        rows = [(n, [cells[i] for i in keep]) for n, cells in rows]
    if not rows:
        raise FileProblem("aucune entité dans la couche")
    return Table(kind, header, rows, 1, notes, [], cell_errors)


def _read_geodataframe(data: bytes, kind: str):
    import pyogrio

    if kind == "geojson":
        _check_geojson(data)
    try:
        with warnings.catch_warnings():  # GDAL notes the in-memory name lacks ".gpkg"
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = pyogrio.list_layers(io.BytesIO(data))
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=0)
    except Exception as exc:
        what = "GeoJSON" if kind == "geojson" else "GeoPackage"
        raise FileProblem(f"{what} illisible ({type(exc).__name__})") from None
    notes = []
    if len(layers) > 1:
        notes.append(f"seule la première couche « {layers[0][0]} » est lue ({len(layers)} couches)")
    if frame.crs is not None and frame.crs.to_epsg() != 4326 and "geometry" in frame:
        frame = frame.to_crs(4326)
    return frame, notes


def _check_geojson(data: bytes) -> None:
    try:
        document = json.loads(decode_text(data)[0])
    except (ValueError, FileProblem):
        raise FileProblem("JSON illisible (fichier tronqué ou mal formé)") from None
    if not isinstance(document, dict) or document.get("type") not in ("FeatureCollection", "Feature"):
        raise FileProblem("JSON qui n'est pas un GeoJSON (FeatureCollection attendue)")


def _point_of(geometry) -> tuple[object, object, tuple[str, str] | None]:
    if geometry is None or geometry.is_empty:
        return None, None, None
    if geometry.geom_type != "Point":
        kind = geometry.geom_type
        return None, None, (kind, f"géométrie {kind} : un point est attendu")
    return round(geometry.x, 6), round(geometry.y, 6), None


def _geo_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value
