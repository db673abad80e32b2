"""An offline schematic of a school's safety zone, drawn as SVG by the app: no map tiles, nothing from
the internet. Points are placed by their GCJ-02 coordinates in a local flat projection around the gates
(metres east and north of their centre), which is exact enough at a few hundred metres."""
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from . import geo

SIZE = 640  # the drawing is square, in SVG units
MARGIN = 40
COLOURS = {"gate": "#1565c0", "violation": "#c62828", "supervised": "#ef6c00", "other": "#607d8b",
           "radius": "#c62828"}


def _metres_from(centre, lat, lng):
    north = geo.haversine_m(centre[0], centre[1], lat, centre[1]) * (1 if lat >= centre[0] else -1)
    east = geo.haversine_m(centre[0], centre[1], centre[0], lng) * (1 if lng >= centre[1] else -1)
    return east, north


def _nice_scale(metres):
    for length in (20, 50, 100, 200, 500, 1000):
        if length >= metres:
            return length
    return 1000


def render(zone):
    """The SVG document (a str) of `zone` as selectors.zone returns it."""
    school, gates, rows = zone["school"], zone["gates"], zone["rows"]
    title = _("%(school)s 学生安全区域示意图") % {"school": school.name}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="100%" '
             f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="13">',
             f"<title>{escape(title)}</title>",
             f'<rect x="0" y="0" width="{SIZE}" height="{SIZE}" fill="#f7f9fb" stroke="#cfd8dc"/>']
    if not gates:
        parts.append(f'<text x="{SIZE / 2}" y="{SIZE / 2}" text-anchor="middle">'
                     f'{escape(_("尚未登记校门位置，无法绘制学生安全区域。"))}</text></svg>')
        return "".join(parts)
    centre = (sum(g[1] for g in gates) / len(gates), sum(g[2] for g in gates) / len(gates))
    radii = zone["radii"] or [200]
    placed = [(name, *_metres_from(centre, lat, lng)) for name, lat, lng in gates]
    points = [(row, *_metres_from(centre, float(row["premises"].latitude), float(row["premises"].longitude)))
              for row in rows]
    extent = max([max(radii) * 1.15]
                 + [abs(v) * 1.1 for _n, x, y in placed for v in (x, y)]
                 + [abs(v) * 1.1 for _r, x, y in points for v in (x, y)])
    scale = (SIZE / 2 - MARGIN) / extent

    def xy(east, north):
        return SIZE / 2 + east * scale, SIZE / 2 - north * scale

    for radius in radii:
        for _name, east, north in placed:
            x, y = xy(east, north)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius * scale:.1f}" fill="none" '
                         f'stroke="{COLOURS["radius"]}" stroke-dasharray="6 4" stroke-opacity=".7"/>')
        x, y = xy(placed[0][1], placed[0][2] + radius)
        parts.append(f'<text x="{x + 4:.1f}" y="{y - 4:.1f}" fill="{COLOURS["radius"]}">'
                     f'{escape(_("%(m)d 米") % {"m": radius})}</text>')
    for name, east, north in placed:
        x, y = xy(east, north)
        parts.append(f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{COLOURS["gate"]}"/>'
                     f'<text x="{x + 10:.1f}" y="{y + 5:.1f}" fill="{COLOURS["gate"]}" font-weight="bold">'
                     f'{escape(name)}</text>')
    for row, east, north in points:
        kind = "violation" if row["violation"] else "supervised" if row["supervised"] else "other"
        x, y = xy(east, north)
        label = _("%(name)s（%(type)s，%(m)d 米）") % {"name": row["premises"].name, "type": row["premises"].type.name,
                                                   "m": round(row["metres"])}
        parts.append(f'<g data-premises="{row["premises"].pk}" data-kind="{kind}">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{COLOURS[kind]}"/>'
                     f'<text x="{x + 9:.1f}" y="{y + 4:.1f}" fill="{COLOURS[kind]}">{escape(label)}</text></g>')
    bar = _nice_scale(extent / 3)
    parts.append(f'<g transform="translate({MARGIN},{SIZE - MARGIN / 2})">'
                 f'<line x1="0" y1="0" x2="{bar * scale:.1f}" y2="0" stroke="#263238" stroke-width="3"/>'
                 f'<text x="0" y="-6">{escape(_("%(m)d 米") % {"m": bar})}</text></g>')
    parts.append(f'<g transform="translate({SIZE - MARGIN},{MARGIN})"><path d="M0,-18 L6,0 L-6,0 Z" fill="#263238"/>'
                 f'<text x="0" y="16" text-anchor="middle">{escape(_("北"))}</text></g>')
    legend = [("gate", _("校门")), ("violation", _("禁止类场所（在禁止半径内）")),
              ("supervised", _("重点监管场所")), ("other", _("其他场所"))]
    for index, (kind, text) in enumerate(legend):
        y = MARGIN / 2 + index * 18
        parts.append(f'<circle cx="{MARGIN / 2}" cy="{y:.0f}" r="5" fill="{COLOURS[kind]}"/>'
                     f'<text x="{MARGIN / 2 + 10}" y="{y + 4:.0f}">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
