"""Import of one column's posts from CSV or XLSX: upload → preview → confirm.

The file replaces the posts of the councils it names in this column. The preview is kept in
the session (the parsed lines and the versions of the posts it replaces, never the file),
and the confirm saves through :func:`staffing.services.posts_save_column` with the import
path, so permission, stale-save and history rules are the grid's own.
"""

import logging

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from mkip.security_log import client_address
from mkip.security_log import log as security_log
from mkip.spreadsheets import read_table
from partnership.permissions import can_edit_any_staff_post, can_edit_staff_post, refuse
from staffing import services
from staffing.establishment import establishment_totals
from staffing.imports import ImportLine, parse_lines
from staffing.models import ChangePath, Post, Team
from staffing.views import column_from_url, column_url, readable_service, service_partners

SESSION_KEY = "staffing_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="Columns: Team, Council (a code such as MBC, or Host), Grade, FTE, Cost, Vacant (yes or no).",
        error_messages={"required": "Choose a CSV or Excel file to upload"},
    )


def _line_to_json(line: ImportLine) -> dict:
    return {**line.__dict__, "fte": str(line.fte), "cost": str(line.cost)}


def _councils(codes) -> str:
    """The councils an import names, for the log: their codes (known codes only), ``host`` for the host."""
    return ",".join(sorted({code or "host" for code in codes})) or "-"


def _audit_import(request, service, column, file_name, event, level=logging.INFO, **details):
    """One line in the security log for an import: who, which column, which file and how many.

    Never a cell's contents, nor an error message (they quote cells): only counts, council codes
    and a reason. The file name is logged with repr() so that a line break in it cannot forge a line.
    """
    security_log.log(
        level,
        "%s user=%s address=%s service=%s year=%s kind=%s file=%r%s",
        event,
        request.user.get_username(),
        client_address(request),
        service.slug,
        column.year.label,
        column.kind,
        file_name,
        "".join(f" {key}={value}" for key, value in details.items()),
    )


def import_posts(request, slug, year, kind):
    service = readable_service(request, slug)
    column = column_from_url(year, kind)
    councils, current_ids = service_partners(service)
    user = request.user
    if not can_edit_any_staff_post(user, service, current_ids):
        raise refuse(user, f"import posts into {service.name}", service.slug)
    by_code = {council.code: council for council in councils.values()}
    teams = {team.name: team for team in Team.objects.filter(service=service)}
    posts = list(Post.objects.column(service, column.year, column.kind))
    key = f"{service.pk}:{column.year.start_year}:{column.kind}"
    context = {"service": service, "column": column, "posts_url": column_url("posts", service, column)}

    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY)
        if not stored or stored["column"] != key:
            messages.error(request, "That import has expired; upload the file again.")
            return redirect(request.path)
        try:
            rows = [
                services.PostRow(team=None, council=None, grade="", fte=0, cost=0, post_id=pk, version=v, delete=True)
                for pk, v in stored["replace"]
            ] + [
                services.PostRow(
                    team=teams[line["team"]],
                    council=by_code[line["council"]] if line["council"] else None,
                    grade=line["grade"],
                    fte=line["fte"],
                    cost=line["cost"],
                    vacant=line["vacant"],
                )
                for line in stored["lines"]
            ]
        except KeyError:
            # A team or partner named in the preview has gone since: the preview no longer holds.
            del request.session[SESSION_KEY]
            messages.error(
                request,
                "The service’s teams or partners have changed since the preview; nothing was saved. "
                "Upload the file again.",
            )
            return redirect(request.path)
        file_name = stored.get("file", "-")
        councils = _councils(line["council"] for line in stored["lines"])
        try:
            result = services.posts_save_column(
                user=user, service=service, year=column.year, kind=column.kind, rows=rows,
                current_partner_ids=current_ids, path=ChangePath.IMPORT,
            )  # fmt: skip
        except services.StaleSave as error:
            _audit_import(request, service, column, file_name, "import-not-saved", councils=councils, reason="stale")
            context["stale"] = error.changes
            return render(request, "staffing/import.html", {**context, "form": UploadForm()})
        except services.RowErrors as error:
            # The model refused rows the preview passed (a rule the parser does not know): say which, save nothing.
            _audit_import(request, service, column, file_name, "import-not-saved", councils=councils, reason="invalid")
            skipped = len(stored["replace"])  # the error's row indexes count the replaced posts first
            problems = []
            for index, field_errors in sorted(error.row_errors.items()):
                line = stored["lines"][index - skipped] if index >= skipped else {}
                where = f"Row {line['row_number']}" if "row_number" in line else "A post it replaces"
                problems += [f"{where}: {message}" for messages_ in field_errors.values() for message in messages_]
            return render(request, "staffing/import.html", {**context, "form": UploadForm(), "problems": problems})
        _audit_import(
            request,
            service,
            column,
            file_name,
            "import-confirmed",
            councils=councils,
            posts_added=result.created,
            posts_replaced=result.deleted,
        )
        del request.session[SESSION_KEY]
        messages.success(request, f"Imported {result.created} posts, replacing {result.deleted}.")
        return redirect(context["posts_url"])

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file_name = form.cleaned_data["file"].name
        try:
            table = read_table(form.cleaned_data["file"])
        except ValueError as error:
            _audit_import(request, service, column, file_name, "import-refused", logging.WARNING, reason="unreadable")
            form.add_error("file", str(error))
        else:
            lines, errors = parse_lines(table, team_names=set(teams), council_codes=set(by_code))
            not_permitted = set()
            for line in lines:
                council_id = by_code[line.council].pk if line.council else None
                if not can_edit_staff_post(user, service, council_id, current_ids):
                    not_permitted.add(line.council)
                    errors.append(f"Row {line.row_number}: you cannot change {line.council or 'the host'}’s posts")
            if errors:
                details = {"councils": _councils(line.council for line in lines), "problems": len(errors)}
                if not_permitted:  # rows for a council the officer may not change: a refused write
                    details.update(reason="not-permitted", not_permitted=_councils(not_permitted))
                else:
                    details.update(reason="problems")
                _audit_import(request, service, column, file_name, "import-refused", logging.WARNING, **details)
                for error in errors[:20]:
                    form.add_error("file", error)
            else:
                named = {by_code[line.council].pk if line.council else None for line in lines}
                replaced = [post for post in posts if post.council_id in named]
                request.session[SESSION_KEY] = {
                    "column": key,
                    "file": file_name,
                    "lines": [_line_to_json(line) for line in lines],
                    "replace": [[post.pk, post.version] for post in replaced],
                }
                new_lines = [
                    Post(team=teams[line.team], grade=line.grade, fte=line.fte, cost=line.cost, vacant=line.vacant)
                    for line in lines
                ]
                context.update(
                    lines=lines,
                    replaced=replaced,
                    before=establishment_totals([p.as_line() for p in replaced]),
                    after=establishment_totals([p.as_line() for p in new_lines]),
                )
                return render(request, "staffing/import_preview.html", context)
    return render(request, "staffing/import.html", {**context, "form": form})
