"""Charts drawn on the server as SVG: no script, no library to fetch, readable on a phone (the drawing scales
to its box) and printable. Every chart is shown next to a table of the same numbers (for screen readers and
paper), so the drawing carries only the shape; each bar has a <title> with its label and value."""
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 40


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    css: str  # a class of dashboards.css giving the fill


def _n(value):
    return f"{value:.1f}"


def _nice_top(value):
    """A round top for the axis: 1, 2, 5, 10, 20, 50 ... at or above the largest value."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def bars(categories, series, values, *, title):
    """Grouped vertical bars: `categories` [(key, label)], `series` [Series], `values` {(category, series): n}.
    Returns the <svg> as safe HTML."""
    top = _nice_top(max(values.values(), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = min(max(slot * 0.8 / max(len(series), 1), 2), 40)
    every = max(1, (len(categories) + 11) // 12)  # at most twelve labels under the axis
    parts = [
        format_html('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>', LEFT, TOP + plot_h, WIDTH - RIGHT,
                    TOP + plot_h),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 4, TOP + 8, top),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">0</text>', LEFT - 4, TOP + plot_h),
        format_html('<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>', LEFT, TOP, WIDTH - RIGHT, TOP),
    ]
    for index, (key, label) in enumerate(categories):
        x0 = LEFT + index * slot + (slot - bar_w * len(series)) / 2
        for position, one in enumerate(series):
            value = values.get((key, one.key), 0)
            height = plot_h * value / top
            parts.append(format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{} · {}：{}</title></rect>',
                one.css, _n(x0 + position * bar_w), _n(TOP + plot_h - height), _n(bar_w), _n(height), label,
                one.label, value))
        if index % every == 0:
            parts.append(format_html('<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
                                     _n(LEFT + index * slot + slot / 2), TOP + plot_h + 16, label))
    legend = format_html_join("", '<tspan class="{}-text" dx="12">■</tspan><tspan dx="3">{}</tspan>',
                              ((one.css, one.label) for one in series))
    parts.append(format_html('<text class="legend" x="{}" y="{}">{}</text>', LEFT - 12, HEIGHT - 6, legend))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet">'
        '{}</svg>', WIDTH, HEIGHT, title, mark_safe("".join(parts)))
