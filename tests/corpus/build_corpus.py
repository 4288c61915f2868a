"""Write the import test corpus: ``.venv/bin/python tests/corpus/build_corpus.py``.

The files are committed; this script documents how each one was made (exact bytes,
encodings, damaged archives). Expected outcomes live in ``tests/test_import_corpus.py``.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NBSP, NNBSP = "\u00a0", "\u202f"
CANON = "intitule;montant;commune;epci;thematique;periode;nature;maitre_ouvrage;date_vote;cout_total;longitude;latitude;source"


def write(name: str, content: str | bytes, encoding: str = "utf-8") -> None:
    data = content if isinstance(content, bytes) else content.encode(encoding)
    (HERE / name).write_bytes(data)


def lines(*rows: str, end: str = "\r\n") -> str:
    return end.join(rows) + end


# --- good files ------------------------------------------------------------------------------

def good_files() -> None:
    write("good_utf8_semicolon.csv", lines(
        CANON,
        "Réhabilitation de la salle des sports;300 000 €;62041;;Sport;2024;investissement;Commune d'Arras;12/03/2024;1,2 M€;2,7785;50,2930;CP 12/03/2024",
        "Médiathèque communautaire;300 k€;Lens;246200364;Culture;2019-2021;Investissement;CA de Lens - Liévin;05/11/2019;;;;",
        "Maison des solidarités;1,5 M€;St-Omer;;Solidarité;2015-2018;fonctionnement;;;;;;",
        "Schéma des mobilités douces;1,44 million €;;200033579;Aménagement;2023-2026;;;;;;;",
        "Collège : extension;10 millions €;Calais;;Education;à venir;;Département;;12 millions €;619631;7095615;",
        f"Piste cyclable du littoral;1{NBSP}234{NBSP}567,89 €;Boulogne-sur-Mer;;Aménagement;2027;;;;;;;",
        f"Skatepark;45{NNBSP}000 €;SAINT OMER;;sport;2019;;;;;;;",
    ))
    write("good_utf8_bom_comma.csv", "\ufeff" + lines(
        "Intitulé du projet,Montant (€),Code INSEE,Thème,Période,Date du vote",
        '"Halle, marché couvert","1,5 M€",62498,Culture,2019-2021,05/11/2019',
        '"Stade ""Bollaert"" : vestiaires",300 000 €,Lens,Sport,2023-2026,',
        'Maison de santé,"52 357,20 €",Hénin Beaumont,Solidarité,2024,03/04/2024',
    ))
    write("good_cp1252.csv", lines(
        "Intitulé;Montant;Commune;Thématique;Période",
        "Écomusée de l’Œuf;250 000 €;Œuf-en-Ternois;Culture;2019-2021",
        "Rénovation énergétique « Éperlecques »;80 k€;Éperlecques;Aménagement;2023-2026",
    ), encoding="cp1252")
    write("good_latin1.csv", lines(
        "Intitulé;Montant;Commune;Thème;Période",
        "Théâtre à l'italienne;1,2 millions d'euros;Saint-Omer;Culture;2015-2018",
        "Crèche;90 000 euros;Aire-sur-la-Lys;Solidarité;2019-2021",
    ), encoding="latin-1")
    write("good_utf16_tab.txt", "\ufeff" + lines(
        "Intitulé\tMontant\tCommune\tThème\tPériode",
        "Médiathèque\t300 000 €\tArras\tCulture\t2024",
        "Salle polyvalente\t1,5 M€\tLiévin\tSport\t2019-2021",
    ), encoding="utf-16-le")
    write("blank_lines.csv", lines(
        "intitule;montant;commune;thematique;periode",
        "",
        "Salle des fêtes;100 000 €;Arras;Culture;2024",
        ";;;;",
        '"Pôle multi-accueil\n(petite enfance)";200 000 €;Lens;Solidarité;2024',
        "",
        "Terrain synthétique;-5 €;Calais;Sport;2024",
    ))
    write("good_title_line.csv", lines(
        "Projets contractualisés 2024 - MDADT;;;;",
        ";;;;",
        "Intitulé du projet;Montant (€);Commune;Thème;Période",
        "Maison du Département;2 M€;Arras;Solidarité;2024",
        "Vélo-route;150 k€;Montreuil-sur-Mer;Aménagement;2025",
    ))
    write("good_sep_line.csv", lines(
        "sep=,",
        "intitule,montant,commune,thematique,periode",
        'Piscine,"3,5 M€",Béthune,Sport,2023-2026',
    ))
    write("extra_columns.csv", lines(
        "intitule;montant;commune;thematique;periode;Commentaire interne;Référent",
        "Salle de sport;300 000 €;Arras;Sport;2024;à relancer;M. Dupont",
    ))
    write("hostile_names.csv", lines(
        "intitule;montant;commune;thematique;periode;maitre_ouvrage",
        "<img src=x onerror=alert(1)>;100 000 €;Arras;Culture;2024;<b>gras</b>",
        '"<script>alert(""x"")</script>";100 000 €;Lens;Culture;2024;',
        '"=HYPERLINK(""http://example.invalid"",""clic"")";100 000 €;Calais;Sport;2024;',
        "\"'; DROP TABLE projects; --\";100 000 €;Liévin;Sport;2024;{{7*7}}",
    ))
    _good_xlsx()
    _geo_files()


def _good_xlsx() -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projets"
    sheet.append(["Intitulé du projet", "Montant (€)", "Code INSEE", "Thème", "Période",
                  "Date du vote", "Coût total"])
    sheet.append(["Salle de sport", 300000, 62041, "Sport", 2024, dt.datetime(2024, 3, 12), 1200000.5])
    sheet.append(["Médiathèque", 1234567.89, "Lens", "Culture", "2019-2021", "05/11/2019", None])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["Piscine", "1,5 M€", 62119, "Sport", "2023-2026", dt.datetime(2023, 6, 30), None])
    book.create_sheet("Notes").append(["feuille ignorée"])
    book.save(HERE / "good.xlsx")
    data = (HERE / "good.xlsx").read_bytes()
    write("truncated.xlsx", data[: len(data) // 2])


def _geo_files() -> None:
    import geopandas as gpd
    from shapely.geometry import Point, Polygon

    frame = gpd.GeoDataFrame({
        "intitule": ["Halte nautique", "Maison de services", "Belvédère"],
        "montant": ["120 000 €", "80 k€", "45 000 €"],
        "commune": ["62160", "Wimereux", "Le Portel"],
        "thematique": ["Aménagement", "Solidarité", "Culture"],
        "periode": ["2024", "2023-2026", "2015-2018"],
    }, geometry=[Point(1.6134, 50.7247), Point(1.611, 50.7696), Point(1.577, 50.7078)], crs=4326)
    frame.to_file(HERE / "good.geojson", driver="GeoJSON")
    lambert = frame.to_crs(2154)
    lambert.to_file(HERE / "good_lambert93.gpkg", driver="GPKG", layer="projets")
    outside = frame.iloc[:2].copy()
    outside["geometry"] = [Point(3.0573, 50.6292), Polygon([(1.6, 50.7), (1.62, 50.7), (1.62, 50.72)])]
    outside.to_file(HERE / "geo_outside_and_polygon.geojson", driver="GeoJSON")


# --- files that must be refused as a whole ---------------------------------------------------

def file_level() -> None:
    write("empty.csv", b"")
    write("blank_only.csv", b"\r\n \r\n\t\r\n")
    write("header_only.csv", lines("intitule;montant;commune;thematique;periode"))
    write("missing_columns.csv", lines("Intitulé;Commune;Thème", "Salle;Arras;Sport"))
    rng = random.Random(62)
    write("binary.bin", bytes(rng.randrange(256) for _ in range(4096)))
    write("html_export.xls", lines(
        "<html><head><meta charset='utf-8'></head><body><table>",
        "<tr><td>intitule</td><td>montant</td></tr>",
        "<tr><td>Salle</td><td>300 000 €</td></tr></table></body></html>"))
    write("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    write("document.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    write("not_geojson.json", b'[{"intitule": "Salle", "montant": 300000}]')
    write("truncated.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", "prop')
    write("bad_utf8_bom.csv", b"\xef\xbb\xbfintitule;montant\r\nSalle \xe9t\xe9;3\r\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "pas un classeur")
    write("archive.zip", buffer.getvalue())


# --- row-level errors ------------------------------------------------------------------------

def row_level() -> None:
    write("unknown_communes.csv", lines(
        "intitule;montant;commune;thematique;periode",
        "Projet A;1 000 €;Lille;Sport;2024",
        "Projet B;1 000 €;Boulogne;Sport;2024",
        "Projet C;1 000 €;59350;Sport;2024",
        "Projet D;1 000 €;62000;Sport;2024",
        "Projet E;1 000 €;Arass;Sport;2024",
        "Projet F;1 000 €;62999;Sport;2024",
        "Projet G;1 000 €;St-Omer;Sport;2024",
        "Projet H;1 000 €;hénin-beaumont;Sport;2024",
        "Projet I;1 000 €;;Sport;2024",
    ))
    write("duplicates.csv", lines(
        "intitule;montant;commune;thematique;periode",
        "Salle des fêtes;100 000 €;Arras;Culture;2024",
        "Médiathèque;100 000 €;Arras;Culture;2024",
        "Salle des fêtes;100 000 €;Arras;Culture;2024",
        "SALLE DES FETES;100000;62041;culture;2024",
        "Salle des fêtes;100 000 €;Arras;Culture;2025",
    ))
    write("coordinates_outside.csv", lines(
        "intitule;montant;commune;thematique;periode;longitude;latitude",
        "Lille WGS84;1 000 €;Arras;Sport;2024;3,0573;50,6292",
        "Paris;1 000 €;Arras;Sport;2024;2,3522;48,8566",
        "Inversées;1 000 €;Arras;Sport;2024;50,2930;2,7785",
        "Sans latitude;1 000 €;Arras;Sport;2024;2,7785;",
        "Amiens Lambert-93;1 000 €;Arras;Sport;2024;649353;6977491",
        "Illisible;1 000 €;Arras;Sport;2024;abc;50,29",
        "Arras Lambert-93;1 000 €;Arras;Sport;2024;684124;7021481",
        "Calais mais commune Arras;1 000 €;Arras;Sport;2024;1,8545;50,9528",
    ))
    write("impossible_dates.csv", lines(
        "intitule;montant;commune;thematique;periode;date_vote",
        "Projet A;1 000 €;Arras;Sport;2024;31/02/2020",
        "Projet B;1 000 €;Arras;Sport;2024;29/02/2023",
        "Projet C;1 000 €;Arras;Sport;2024;29/02/2024",
        "Projet D;1 000 €;Arras;Sport;2024;13/13/2020",
        "Projet E;1 000 €;Arras;Sport;2024;2020-02-30",
        "Projet F;1 000 €;Arras;Sport;2024;12/03/24",
        "Projet G;1 000 €;Arras;Sport;2024;01/01/1990",
        "Projet H;1 000 €;Arras;Sport;2024;hier",
        "Projet I;1 000 €;Arras;Sport;2024;2024-03-12",
    ))
    write("bad_amounts.csv", lines(
        "intitule;montant;commune;thematique;periode;cout_total",
        "Négatif;-5 000 €;Arras;Sport;2024;",
        "Absurde;500 M€;Arras;Sport;2024;",
        "Illisible;environ 3000;Arras;Sport;2024;",
        "Sous le centime;0,001 €;Arras;Sport;2024;",
        "Plus que le coût;2 M€;Arras;Sport;2024;1 M€",
        "Nul;0 €;Arras;Sport;2024;",
        "Vide;;Arras;Sport;2024;",
    ))
    write("bad_categories.csv", lines(
        "intitule;montant;commune;thematique;periode;nature",
        "Tourisme;1 000 €;Arras;Tourisme;2024;",
        "Période;1 000 €;Arras;Sport;2022-2024;",
        "Année;1 000 €;Arras;Sport;2031;",
        "Nature;1 000 €;Arras;Sport;2024;mixte",
        ";1 000 €;Arras;Sport;2024;",
        "Transition 2022;1 000 €;Arras;Sport;2022;",
    ))
    write("commune_not_in_epci.csv", lines(
        "intitule;montant;commune;epci;thematique;periode",
        "Projet A;1 000 €;Arras;246200364;Sport;2024",
        "Projet B;1 000 €;Arras;200033579;Sport;2024",
        "Projet C;1 000 €;;123456789;Sport;2024",
        "Projet D;1 000 €;;CA de Lens - Liévin;Sport;2024",
        "Projet E;1 000 €;;Communauté de Lens;Sport;2024",
        "Projet F;1 000 €;Lens;Communauté d'agglomération de Lens - Liévin;Sport;2024",
    ))
    write("ragged.csv", lines(
        "intitule,montant,commune,thematique,periode",
        "Salle,300000,Arras,Sport,2024",
        "Piscine,1,5 M€,Béthune,Sport,2024",
        "Stade,200000,Lens,Sport",
        '"Halle, marché","1,5 M€",Lens,Culture,2024',
    ))
    _formula_files()


def _formula_files() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["intitule", "montant", "commune", "thematique", "periode"])
    sheet.append(["Salle", "=1000*300", "Arras", "Sport", 2024])
    sheet.append(["Stade", 200000, "Lens", "Sport", "=2020+4"])
    sheet.append(["Piscine", 150000, "Calais", "Sport", 2024])
    buffer = io.BytesIO()
    book.save(buffer)
    write("formulas_uncalculated.xlsx", buffer.getvalue())
    write("formulas_cached.xlsx", _with_cached_values(buffer.getvalue(), {"1000*300": "300000",
                                                                           "2020+4": "2024"}))


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Add the <v> a spreadsheet program stores after computing each formula."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for formula, value in values.items():
                    text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


if __name__ == "__main__":
    good_files()
    file_level()
    row_level()
    print("corpus écrit dans", HERE)
