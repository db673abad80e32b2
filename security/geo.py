"""Distances on the sphere, in the coordinate system we store.

Coordinates are stored in GCJ-02 (国测局坐标), the system of the maps used in China (Gaode, Tencent):
what an office copies from its map is GCJ-02. A phone's GPS gives WGS-84; `wgs84_to_gcj02` converts it
(the published transform). Distances are computed between GCJ-02 points with the haversine formula: the
GCJ-02 offset is nearly constant over a few kilometres, so the error it adds to a 200 m distance is far
below a metre.
"""
import math
from decimal import Decimal, InvalidOperation

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)

# Mainland China and its islands, generously: a coordinate outside is a typo or swapped lat/lng.
CHINA_LAT = (3.0, 54.0)
CHINA_LNG = (73.0, 136.0)


def haversine_m(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi, dlmb = phi2 - phi1, math.radians(float(lng2) - float(lng1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def offset(lat, lng, *, north_m=0.0, east_m=0.0):
    """The point north_m metres north and east_m metres east of (lat, lng) (small distances)."""
    dlat = math.degrees(north_m / EARTH_RADIUS_M)
    dlng = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(float(lat)))))
    return float(lat) + dlat, float(lng) + dlng


def _out_of_china(lat, lng):
    return not (CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LNG[0] <= lng <= CHINA_LNG[1])


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lng):
    """A GPS (WGS-84) coordinate as the Chinese maps show it (GCJ-02)."""
    lat, lng = float(lat), float(lng)
    if _out_of_china(lat, lng):
        return lat, lng
    a, ee = 6378245.0, 0.00669342162296594323
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (a / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lng + dlng


def parse_coordinate(value):
    """A Decimal from what was typed or read from Excel, or None if it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def coordinate_errors(lat, lng):
    """{"latitude"|"longitude": message} for a pair that cannot be a place in China (in Chinese)."""
    from django.utils.translation import gettext as _

    errors = {}
    if lat is None:
        errors["latitude"] = _("请填写纬度，例如 29.7035（GCJ-02，从高德或腾讯地图获取）。")
    elif not CHINA_LAT[0] <= float(lat) <= CHINA_LAT[1]:
        errors["latitude"] = _("纬度 %(value)s 不在中国境内（应在 3 至 54 之间），请检查是否与经度填反。") % {"value": lat}
    if lng is None:
        errors["longitude"] = _("请填写经度，例如 107.3906（GCJ-02，从高德或腾讯地图获取）。")
    elif not CHINA_LNG[0] <= float(lng) <= CHINA_LNG[1]:
        errors["longitude"] = _("经度 %(value)s 不在中国境内（应在 73 至 136 之间），请检查是否与纬度填反。") % {"value": lng}
    return errors
