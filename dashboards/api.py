"""What the dashboards' pages show, as JSON: the same selectors, the same permission and the same links (each
figure carries the address of the list it counts)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import assessment, overview

SUB_DISTRICT = OpenApiParameter("sub_district", int, description="街道（区领导可选）")


def _sub_district(request):
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    raw = request.query_params.get("sub_district", "")
    if not raw:
        return None
    found = overview.overview_sub_districts(request.user).filter(pk=raw).first() if raw.isdigit() else None
    if found is None:
        raise Http404
    return found


def _named(row, *fields):
    return {field: row[field] for field in fields}


def _dashboard_json(data):
    return {
        "today": data["today"], "hazards": data["hazards"], "links": data["links"],
        "matrix": [{"status": row["status"], "total": row["total"], "link": row["link"],
                    "by_grade": [{"grade": str(label), "n": cell["n"], "link": cell["link"]}
                                 for (_grade, label), cell in zip(data["matrix"]["grades"], row["cells"])]}
                   for row in data["matrix"]["rows"]],
        "flow": [_named(row, "month", "opened", "closed", "link") for row in data["flow"]["rows"]],
        "overdue_by_department": [{"department": row["assigned_department_id"],
                                   "name": row["assigned_department__name"], "overdue": row["n"],
                                   "days": row["days"], "link": row["link"]}
                                  for row in data["overdue_by_department"]],
        "schools": [{"school": cell["school"].pk, "name": cell["school"].name, "colour": cell["colour"],
                     "risks": cell["risks"], "risks_link": cell["risks_link"], "open": cell["open"],
                     "open_link": cell["open_link"], "overdue": cell["overdue"],
                     "overdue_link": cell["overdue_link"]} for cell in data["grid"]["cells"]],
        "incidents": {"total": data["incidents"]["total"], "link": data["incidents"]["link"],
                      "by_kind": [_named(row, "kind", "n", "link") for row in data["incidents"]["kinds"]],
                      "by_month": [_named(row, "month", "n", "link") for row in data["incidents"]["monthly"]]},
        "supervision": {"open": data["supervision"]["count"], "link": data["supervision"]["link"],
                        "by_measure": [{"measure": measure, "n": n, "link": link}
                                       for measure, _label, n, link in data["supervision"]["counts"]]},
        "public_reports": data["public_reports"],
        "duties": data["duties"]["rows"] if data["duties"] else None,
        "sweeps": [{"campaign": row["campaign"].pk, "title": row["campaign"].title, "total": row["total"],
                    "done": row["done"]} for row in data["sweeps"]],
        "scheduler_last_run": data["scheduler"].finished_at if data["scheduler"] else None,
    }


@extend_schema(parameters=[SUB_DISTRICT], responses={200: dict},
               summary="综合看板：与页面相同的数字，每个数字附带其所统计列表的地址")
@api_view(["GET"])
def dashboard(request):
    data = overview.office_dashboard(request.user, sub_district=_sub_district(request))
    return Response(_dashboard_json(data))


@extend_schema(responses={200: dict}, summary="各街道对比")
@api_view(["GET"])
def district(request):
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    data = overview.district_comparison(request.user)
    keys = ("schools", "red_risks", "red_link", "orange_risks", "orange_link", "open", "open_link", "overdue",
            "overdue_link", "incidents_open", "incidents_link", "supervised", "supervised_link")
    return Response({"today": data["today"], "sub_districts": [
        {"sub_district": row["sub_district"].pk, "name": row["sub_district"].name, **_named(row, *keys)}
        for row in data["rows"]]})


@extend_schema(parameters=[SUB_DISTRICT, OpenApiParameter("year", int)], responses={200: dict},
               summary="年度专项考核：计分办法与各部门、社区的得分和名次")
@api_view(["GET"])
def assessment_ranking(request):
    sub_district = _sub_district(request) or overview.overview_sub_districts(request.user).first()
    if sub_district is None:
        raise Http404
    raw, this_year = request.query_params.get("year", ""), timezone.localdate().year
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    result = assessment.assess(request.user, sub_district, year)

    def rows(table):
        return [{"unit": row["unit"].pk, "name": row["unit"].name, "rank": row["rank"], "score": row["score"],
                 "overdue": row["overdue"], "rates": row["rates"]} for row in table]

    formula = result["formula"]
    return Response({
        "year": year, "sub_district": sub_district.pk, "formula": str(result["formula_text"]),
        "weights": {c.key: getattr(formula, c.key) for c in [*assessment.RATES, assessment.PENALTY]},
        "departments": rows(result["departments"]), "communities": rows(result["communities"])})
