"""Every spreadsheet import, one way: upload → preview → confirm (or cancel), each step audited.

The flow, the same for the budget grid and the posts of a staffing column:

1. **Upload.** A CSV or XLSX file, read within the limits of :mod:`mkip.spreadsheets` (size,
   type, rows, cells; an XLSX streamed through :mod:`mkip.xlsx`). A file that cannot be read
   is refused with the reason, and logged.
2. **Preview.** The app reads every row (:meth:`ImportFlow.parse`). Any problem, each naming its
   row (and its column where the message does not), refuses the whole file: nothing is kept, and
   the refusal is logged. A clean file is shown as what will change, old against new, and what
   the confirm needs is kept in the session (never the file).
3. **Confirm.** The app's service writes it (:meth:`ImportFlow.save`) in one transaction, with
   every history row marked as an import. If the data changed since the preview the service
   refuses (:class:`Stale`) and nothing is written. Confirmed, stale and refused imports are all
   logged in the security log: who, what, which file, how many; never what a cell says.
4. **Cancel** drops what the preview kept.

An app supplies only its specifics, by subclassing :class:`ImportFlow`.
"""

import logging
import uuid
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.utils.module_loading import import_string

from mkip import jobs
from mkip.history import How, recording
from mkip.models import Job, JobStatus
from mkip.security_log import client_address
from mkip.security_log import log as security_log
from mkip.spreadsheets import SpreadsheetError, read_table

# More than this and the list stops being read: the officer fixes these and uploads again.
PROBLEMS_SHOWN = 20


def count_of(number: int, singular: str, plural: str = "") -> str:
    """``1 row``, ``2 rows``: a number and its noun, singular or plural as English says.

    >>> count_of(1, "row"), count_of(2, "row"), count_of(0, "figure"), count_of(3, "entry", "entries")
    ('1 row', '2 rows', '0 figures', '3 entries')
    """
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class Problem(NamedTuple):
    """Why one row of a file cannot be imported: its spreadsheet row (1 is the header row) and why.

    >>> str(Problem(3, "2012/13 budget: “abc” is not an amount in pounds"))
    'Row 3: 2012/13 budget: “abc” is not an amount in pounds'
    """

    row: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.row is None else f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class Cell:
    """One cell of a preview table; ``tag`` marks it (``Changed``)."""

    text: str
    numeric: bool = False
    tag: str = ""


@dataclass(frozen=True)
class Preview:
    """What a confirm would change: a summary (label, value) and a table whose first column heads each row."""

    caption: str
    headings: list[Cell]
    rows: list[list[Cell]]
    summary: list[tuple[str, str]] = field(default_factory=list)
    empty: str = "The file changes nothing."


@dataclass(frozen=True)
class Parsed:
    """A file read by an app: its problems, or what the confirm needs (JSON) and the preview of it.

    ``refusal`` is what the security log says of a refused file (counts and codes, never cells).
    """

    problems: list[Problem]
    kept: object = None
    preview: Preview | None = None
    refusal: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Saved:
    """A confirmed import: the message for the officer and the counts for the security log."""

    message: str
    audit: dict


class Stale(Exception):
    """The data changed after the preview; ``changes`` says what, one sentence each."""

    def __init__(self, changes: list[str]):
        super().__init__("The data changed after the preview")
        self.changes = changes


class Refused(Exception):
    """The service refused rows the preview passed (a rule the parser does not know)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("The service refused the import")
        self.problems = problems


class UploadForm(forms.Form):
    """One file. Its kind, size and contents are checked when it is read (:func:`read_table`),
    so that a refusal is logged with the reason."""

    file = forms.FileField(error_messages={"required": "Choose a CSV or Excel file to upload"})

    def __init__(self, *args, label: str, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = help_text


class ImportFlow:
    """Upload, preview, confirm, cancel and audit; a subclass says what its import reads and writes.

    Attributes the pages show: ``title``, ``heading``, ``caption``, ``intro`` (the upload page),
    ``preview_title`` and ``preview_heading``, ``breadcrumbs`` (a template), ``upload_label``,
    ``upload_hint``, ``upload_button``, ``stale_heading``, and ``done_url`` where a confirm or a
    cancel returns to.
    """

    upload_template = "mkip/import_upload.html"
    preview_template = "mkip/import_preview.html"
    upload_label = "Upload a CSV or Excel file"
    upload_hint = ""
    upload_button = "Upload and preview"
    stale_heading = "Someone changed these figures after your preview: nothing was imported"
    title = heading = caption = intro = preview_title = preview_heading = breadcrumbs = done_url = ""

    def __init__(self, request):
        self.request = request

    # ---- what an app says about its import -----------------------------------------------------

    def session_key(self) -> str:
        """Where the preview keeps what the confirm needs: one per import page."""
        raise NotImplementedError

    def audit_scope(self) -> dict[str, str]:
        """What the import writes to (``service=ict council=MBC``...), for every log line; no cell text."""
        raise NotImplementedError

    def context(self) -> dict:
        """What the page's breadcrumbs and links need."""
        return {}

    def parse(self, rows: list[dict[str, str]]) -> Parsed:
        raise NotImplementedError

    def save(self, kept) -> Saved:
        """Write what the preview kept through the app's service; raise :class:`Stale` or :class:`Refused`."""
        raise NotImplementedError

    def kept_audit(self, kept) -> dict:
        """What the log says of a kept import before its counts (``councils=SBC``)."""
        return {}

    def background_args(self) -> dict | None:
        """JSON that :meth:`for_background` rebuilds this import from, for a large file read by
        the worker (:mod:`mkip.imports_background`); None (the default) reads every file at once."""
        return None

    @classmethod
    def for_background(cls, **args) -> "ImportFlow":
        """The import, without a request, from :meth:`background_args`: only :meth:`parse` is called."""
        raise NotImplementedError

    # ---- the flow -------------------------------------------------------------------------------

    def respond(self) -> HttpResponse:
        if self.request.method == "GET" and "job" in self.request.GET:
            return self._job_page(self.request.GET["job"])
        if self.request.method == "POST" and "confirm" in self.request.POST:
            return self._confirm()
        if self.request.method == "POST" and "cancel" in self.request.POST:
            self.request.session.pop(self.session_key(), None)
            messages.success(self.request, "The import is cancelled: nothing was saved.")
            return redirect(self.done_url)
        form = self._form(self.request.POST or None, self.request.FILES or None)
        if self.request.method == "POST" and form.is_valid():
            return self._preview(form)
        return self._upload_page(form)

    def _form(self, *args) -> UploadForm:
        return UploadForm(*args, label=self.upload_label, help_text=self.upload_hint)

    def _upload_page(self, form, *, problems=(), stale=None) -> HttpResponse:
        problems = list(problems)
        hidden = len(problems) - PROBLEMS_SHOWN
        context = {
            **self.context(),
            "flow": self,
            "form": form,
            "problems": [str(problem) for problem in problems[:PROBLEMS_SHOWN]],
            "more_problems": f"and {count_of(hidden, 'more problem')}" if hidden > 0 else "",
            "stale": stale,
        }
        return render(self.request, self.upload_template, context)

    def _preview(self, form) -> HttpResponse:
        file_name = form.cleaned_data["file"].name
        self.request.session.pop(self.session_key(), None)
        try:
            rows = read_table(form.cleaned_data["file"])
        except SpreadsheetError as error:
            self._audit("import-refused", file_name, logging.WARNING, reason="unreadable")
            form.add_error("file", str(error))
            return self._upload_page(form)
        if self.background_args() is not None and len(rows) > settings.IMPORT_BACKGROUND_ROWS:
            job = queue_parse(self, file_name=file_name, rows=rows)
            return redirect(f"{self.request.path}?job={job.pk}")
        return self._show(file_name, self.parse(rows))

    def _job_page(self, job_id: str) -> HttpResponse:
        """A background parse's progress; once done, its preview or problems, as a small file's."""
        job = Job.objects.filter(pk=job_id if _is_uuid(job_id) else None, owner=self.request.user).first()
        if job is None:
            raise Http404("No such import")
        if job.status != JobStatus.DONE:
            return render(self.request, "mkip/import_progress.html", {**self.context(), "flow": self, "job": job})
        return self._show(job.result["file"], parsed_from(job.result))

    def _show(self, file_name: str, parsed: Parsed) -> HttpResponse:
        if parsed.problems:
            refusal = parsed.refusal or {"reason": "problems", "problems": len(parsed.problems)}
            self._audit("import-refused", file_name, logging.WARNING, **refusal)
            return self._upload_page(self._form(), problems=parsed.problems)
        self.request.session[self.session_key()] = {"file": file_name, "kept": parsed.kept}
        return render(self.request, self.preview_template, {**self.context(), "flow": self, "preview": parsed.preview})

    def _confirm(self) -> HttpResponse:
        pending = self.request.session.pop(self.session_key(), None)
        if not pending:
            messages.error(self.request, "There was no import waiting to be confirmed: upload the file again.")
            return redirect(self.request.path)
        file_name, kept = pending["file"], pending["kept"]
        try:
            with transaction.atomic(), recording(how=How.IMPORT):
                saved = self.save(kept)
        except Stale as error:
            self._audit("import-not-saved", file_name, **self.kept_audit(kept), reason="stale")
            return self._upload_page(self._form(), stale=error.changes)
        except Refused as error:
            details = {**self.kept_audit(kept), "reason": "invalid", "problems": len(error.problems)}
            self._audit("import-refused", file_name, logging.WARNING, **details)
            return self._upload_page(self._form(), problems=error.problems)
        self._audit("import-confirmed", file_name, **self.kept_audit(kept), **saved.audit)
        messages.success(self.request, saved.message)
        return redirect(self.done_url)

    def _audit(self, event: str, file_name: str, level: int = logging.INFO, **details) -> None:
        """One line in the security log: who, from where, what the import writes to, which file, how many.

        Never a cell's contents, nor a problem's message (they quote cells): only counts, codes and a
        reason. The file name is logged with repr() so that a line break in it cannot forge a line.
        """
        fields = {**self.audit_scope(), "file": repr(file_name), **details}
        security_log.log(
            level,
            "%s user=%s address=%s %s",
            event,
            self.request.user.get_username(),
            client_address(self.request),
            " ".join(f"{key}={value}" for key, value in fields.items()),
        )


# ---- a large file, read by the worker ----------------------------------------------------------
# The rows go to a Job; the task parses them with the app's own parse(); the import page follows
# the job, then shows the same preview (or problems) as a small file gets at once. A task killed
# mid-way runs again from the start (mkip.jobs.requeue_abandoned) and writes its result once
# (mkip.jobs.finish writes only a job not already done).


def queue_parse(flow, *, file_name: str, rows: list[dict[str, str]]) -> Job:
    """Keep the rows for the worker and queue the parse; the job the progress page follows."""
    job = Job.objects.create(
        kind="import",
        title=f"{flow.title}: {file_name}"[:200],
        owner=flow.request.user,
        total=len(rows),
        payload={
            "flow": f"{type(flow).__module__}.{type(flow).__qualname__}",
            "args": flow.background_args(),
            "file": file_name,
            "rows": rows,
        },
    )
    job_id = str(job.pk)
    parse_in_background.enqueue(job_id)
    return job


@task()
def parse_in_background(job_id: str) -> str:
    job = Job.objects.get(pk=job_id)
    if not jobs.start(job):
        return "already parsed"
    flow_class = import_string(job.payload["flow"])
    if not (isinstance(flow_class, type) and issubclass(flow_class, ImportFlow)):
        raise TypeError(f"{job.payload['flow']} is not an import")
    flow = flow_class.for_background(**job.payload["args"])
    parsed = flow.parse(jobs.CountedRows(job.payload["rows"], job))
    jobs.finish(
        job, result=result_of(parsed, job.payload["file"]), errors=[str(p) for p in parsed.problems[:PROBLEMS_SHOWN]]
    )
    return "parsed"


def result_of(parsed: Parsed, file_name: str) -> dict:
    """What the page needs from a parse, as JSON."""
    return {
        "file": file_name,
        "problems": [[problem.row, problem.message] for problem in parsed.problems],
        "refusal": parsed.refusal,
        "kept": parsed.kept,
        "preview": asdict(parsed.preview) if parsed.preview else None,
    }


def parsed_from(result: dict) -> Parsed:
    """The :class:`Parsed` a result was made from."""
    preview = result["preview"]
    if preview is not None:
        preview = Preview(
            caption=preview["caption"],
            headings=[Cell(**cell) for cell in preview["headings"]],
            rows=[[Cell(**cell) for cell in row] for row in preview["rows"]],
            summary=[tuple(pair) for pair in preview["summary"]],
            empty=preview["empty"],
        )
    problems = [Problem(row, message) for row, message in result["problems"]]
    return Parsed(problems, result["kept"], preview, result["refusal"])
