"""Builders for the safety-zone tests: gates and premises placed by distance from the gate."""
from decimal import Decimal

from security import geo, services
from security.models import PremisesType

GATE = (Decimal("29.703500"), Decimal("107.390600"))  # 崇义街道, Fuling (GCJ-02)


def gate(world, school=None, name="正门", at=GATE):
    return services.gate_save(actor=world.user("office"), school=school or world.school, name=name,
                              latitude=at[0], longitude=at[1])


def place(metres_north=0.0, metres_east=0.0, origin=GATE):
    lat, lng = geo.offset(origin[0], origin[1], north_m=metres_north, east_m=metres_east)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def premises(world, name, type_code, metres_north=0.0, metres_east=0.0, **kwargs):
    lat, lng = place(metres_north, metres_east)
    return services.premises_save(actor=world.user("office"), sub_district=world.sub_district, name=name,
                                  type=PremisesType.objects.get(code=type_code), latitude=lat, longitude=lng,
                                  address=kwargs.pop("address", "中山路"), **kwargs)
