"""The portrait's charts: the geometry that templates/ressources/portrait/_bar_chart_svg.html
and _tile_map_svg.html draw, from the figures of ressources.selectors.portrait.

Series differ by pattern (solid, hatched, dotted), not by colour alone, so that a chart reads in
black and white, printed or not; every bar also carries its number as text.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ressources.models import ServiceFeedback
from ressources.selectors.portrait import ANSWER_KEYS, Portrait

PATTERNS = ("solid", "hatch", "dots")
LABEL_WIDTH, BAR_AREA, CHART_WIDTH = 290, 360, 720
BAR_HEIGHT, BAR_GAP, ROW_GAP, TOP = 16, 3, 12, 8

# The tile-grid map: (column, row) of each province and territory, west to east, north first.
TILES = {
    "YT": (0, 0), "NT": (1, 0), "NU": (2, 0),
    "BC": (0, 1), "AB": (1, 1), "SK": (2, 1), "MB": (3, 1), "ON": (4, 1), "QC": (5, 1),
    "NL": (6, 1), "NB": (5, 2), "PE": (6, 2), "NS": (6, 3),
}  # fmt: skip
TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 96, 76, 6
MAP_WIDTH = 7 * (TILE_WIDTH + TILE_GAP) - TILE_GAP
MAP_HEIGHT = 4 * (TILE_HEIGHT + TILE_GAP) - TILE_GAP


@dataclass
class Chart:
    key: str
    title: str
    description: str
    series: list  # [{"label", "pattern"}]
    rows: list  # [{"label", "y", "label_y", "bars": [{"y", "segments": [...]}]}]
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH


@dataclass
class TileMap:
    tiles: list
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT


def bar_chart(
    key: str,
    title: str,
    description: str,
    series_labels: list[str],
    rows: list[tuple[str, list[int]]],
    *,
    stacked: bool = False,
) -> Chart:
    """Horizontal bars: one bar per series (grouped), or one bar made of the series (stacked,
    drawn as shares of the row's total)."""
    series = [
        {"label": label, "pattern": PATTERNS[index % len(PATTERNS)]}
        for index, label in enumerate(series_labels)
    ]
    largest = max((max(values, default=0) for _label, values in rows), default=0) or 1
    laid_out, y = [], TOP
    for label, values in rows:
        bars = []
        if stacked:
            total = sum(values) or 1
            x, segments = LABEL_WIDTH, []
            for index, value in enumerate(values):
                width = round(BAR_AREA * value / total, 1)
                segments.append(
                    {
                        "x": x,
                        "width": width,
                        "pattern": series[index]["pattern"],
                        "value": value,
                        "share": round(100 * value / total),
                    }
                )
                x += width
            bars.append(
                {"y": y, "segments": segments, "text_x": LABEL_WIDTH + BAR_AREA + 6, "value": None}
            )
            y += BAR_HEIGHT + BAR_GAP
        else:
            for index, value in enumerate(values):
                width = round(BAR_AREA * value / largest, 1)
                bars.append(
                    {
                        "y": y,
                        "segments": [
                            {
                                "x": LABEL_WIDTH,
                                "width": width,
                                "pattern": series[index]["pattern"],
                                "value": value,
                            }
                        ],
                        "text_x": LABEL_WIDTH + width + 6,
                        "value": value,
                    }
                )
                y += BAR_HEIGHT + BAR_GAP
        row_top = bars[0]["y"] if bars else y
        laid_out.append(
            {
                "label": label,
                "bars": bars,
                "label_y": (row_top + y - BAR_GAP) / 2 + 4,
                "values": values,
            }
        )
        y += ROW_GAP
    return Chart(
        key=key,
        title=title,
        description=description,
        series=series,
        rows=laid_out,
        height=y + TOP,
    )


def portrait_charts(portrait: Portrait) -> dict[str, Chart]:
    charts = {
        "categories": bar_chart(
            "categories",
            _("Besoins par catégorie de service"),
            _("Nombre de besoins non comblés et comblés dans chaque catégorie."),
            [pgettext("needs", "Non comblés"), pgettext("needs", "Comblés")],
            [(row["label"], [row["open"], row["met"]]) for row in portrait.categories],
        ),
        "disciplines": bar_chart(
            "disciplines",
            _("Besoins par discipline"),
            _("Nombre de besoins non comblés et comblés qui touchent chaque discipline."),
            [pgettext("needs", "Non comblés"), pgettext("needs", "Comblés")],
            [(row["label"], [row["open"], row["met"]]) for row in portrait.disciplines],
        ),
        "months": bar_chart(
            "months",
            _("Évolution mois par mois"),
            _(
                "Besoins déclarés et personnes qui se sont jointes à un besoin, "
                "pour chacun des douze derniers mois."
            ),
            [_("Besoins déclarés"), _("Personnes qui se joignent")],
            [(row["label"], [row["declared"], row["joined"]]) for row in portrait.months],
        ),
    }
    shown = [group for group in portrait.satisfaction if group["shown"]]
    if shown:
        charts["satisfaction"] = bar_chart(
            "satisfaction",
            _("Le service a-t-il répondu au besoin ?"),
            _("Part des réponses « oui », « en partie » et « non », par catégorie de service."),
            [label for _value, label in ServiceFeedback.Answer.choices],
            [(group["label"], [group[key] for key in ANSWER_KEYS.values()]) for group in shown],
            stacked=True,
        )
    return charts


def tile_map(provinces: list[dict]) -> TileMap:
    """One tile per province or territory. Its fill says where needs go unserved (hatched),
    where needs are all served somewhere (grey) and where none is declared (white)."""
    tiles = []
    # Read north to south, west to east, whatever the order of the table beside the map.
    for row in sorted(provinces, key=lambda row: TILES[row["code"]][::-1]):
        column, line = TILES[row["code"]]
        if row["unserved"]:
            state, state_label = "unserved", _("besoins sans service")
        elif row["open"]:
            state, state_label = "served", _("besoins avec un service")
        else:
            state, state_label = "none", _("aucun besoin non comblé")
        x = column * (TILE_WIDTH + TILE_GAP)
        y = line * (TILE_HEIGHT + TILE_GAP)
        tiles.append(
            {
                **row,
                "x": x,
                "y": y,
                "state": state,
                "state_label": state_label,
                "cx": x + TILE_WIDTH / 2,
            }
        )
    return TileMap(tiles=tiles)
