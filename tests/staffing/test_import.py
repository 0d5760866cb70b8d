"""Importing one column's posts from CSV or XLSX: preview, then confirm; refused where not allowed."""

import io
from decimal import Decimal

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from staffing import services
from staffing.models import ChangePath, Post, PostChange, Team
from staffing.selectors import staff_costs

IMPORT = "/staffing/ict/posts/2012-13/budget/import/"
HEADER = "Team,Council,Grade,FTE,Cost,Vacant\n"


def csv_file(body: str, name="posts.csv"):
    return SimpleUploadedFile(name, (HEADER + body).encode(), content_type="text/csv")


def swale_count():
    return Post.objects.filter(year=2012, kind="budget", council__code="SBC").count()


def test_a_csv_import_previews_then_replaces_the_councils_posts_with_history(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    before = staff_costs(ict_staffing).baseline
    body = (
        'Service desk,SBC,Band 8,3.00,"£90,660",no\n'
        "Applications,SBC,Band 6,2.00,100000,no\n"
        "GIS,SBC,Band 7,3,100380,no\n"
    )
    preview = client.post(IMPORT, {"file": csv_file(body)})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Check the import" in html
    assert Post.objects.filter(year=2012, kind="budget", council__code="SBC").count() == 6  # nothing saved yet
    response = client.post(IMPORT, {"confirm": "yes"})
    assert response.status_code == 302
    assert swale_count() == 3
    # Swale's six lines cost 59,050 + 90,660 + 132,060 + 128,250 + 100,380 = £510,400 (the
    # vacancy is not counted); the three imported cost 90,660 + 100,000 + 100,380 = £291,040.
    assert staff_costs(ict_staffing).baseline == before - Decimal("510400") + Decimal("291040")
    changes = PostChange.objects.filter(path=ChangePath.IMPORT, field="post")
    assert changes.filter(new="").count() == 6 and changes.exclude(new="").count() == 3


def test_an_xlsx_import_reads_the_first_sheet(client, ict_staffing, mkip_people):
    book = Workbook()
    sheet = book.active
    sheet.append(["Team", "Council", "Grade", "FTE", "Cost", "Vacant"])
    sheet.append(["GIS", "SBC", "Band 7", 3, 100380, "no"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("posts.xlsx", data.getvalue())
    client.force_login(mkip_people["swale_officer"])
    assert "Check the import" in client.post(IMPORT, {"file": upload}).content.decode()
    client.post(IMPORT, {"confirm": "yes"})
    assert swale_count() == 1


def test_a_swale_officer_cannot_import_maidstones_posts(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    response = client.post(IMPORT, {"file": csv_file("GIS,MBC,Grade 8,4.00,1,no\n")})
    assert "Row 2: you cannot change MBC’s posts" in response.content.decode()
    assert client.post(IMPORT, {"confirm": "yes"}).status_code == 302  # nothing waiting: sent back
    assert not PostChange.objects.filter(path=ChangePath.IMPORT).exists()
    client.force_login(mkip_people["board_member"])
    assert client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,1,no\n")}).status_code == 403


def test_bad_rows_are_named_and_nothing_is_imported(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    body = "Canteen,SBC,Band 8,3.00,100,no\nGIS,SBC,Band 7,0,100,no\nGIS,SBC,Band 7,1,ten,maybe\n"
    html = client.post(IMPORT, {"file": csv_file(body)}).content.decode()
    assert "Row 2: team “Canteen” is not one of this service’s teams" in html
    assert "Row 3: FTE must be more than 0" in html
    assert "Row 4: “ten” is not an amount in pounds" in html and "vacant must be yes or no" in html
    html = client.post(IMPORT, {"file": SimpleUploadedFile("posts.pdf", b"%PDF")}).content.decode()
    assert "must be a CSV (.csv) or Excel (.xlsx) file" in html
    assert swale_count() == 6


def test_an_import_confirmed_after_someone_else_saved_is_refused(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,100380,no\n")})
    Post.objects.filter(year=2012, kind="budget", council__code="SBC", team__name="GIS").update(version=5)
    html = client.post(IMPORT, {"confirm": "yes"}).content.decode()
    assert "Someone else changed these posts since your preview" in html
    assert swale_count() == 6


def test_rows_the_model_refuses_at_confirm_are_named_and_nothing_is_imported(
    client, ict_staffing, mkip_people, monkeypatch
):

    client.force_login(mkip_people["swale_officer"])
    client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,100380,no\n")})
    replaced = Post.objects.filter(year=2012, kind="budget", council__code="SBC").count()

    def refuse(**kwargs):
        raise services.RowErrors({replaced: {"grade": ["This grade is not on the council’s pay scale"]}})

    monkeypatch.setattr(services, "posts_save_column", refuse)
    response = client.post(IMPORT, {"confirm": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and "nothing was imported" in html
    assert "Row 2: This grade is not on the council’s pay scale" in html
    assert swale_count() == 6


def test_the_upload_page_is_for_those_who_can_change_posts(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    html = client.get(IMPORT).content.decode()
    assert 'for="id_file"' in html and "Upload a CSV or Excel file" in html
    client.force_login(mkip_people["board_member"])
    assert client.get(IMPORT).status_code == 403


def import_log(caplog):
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == "mkip.security" and record.getMessage().startswith("import-")
    ]


def test_a_confirmed_import_is_logged_with_who_which_column_the_file_and_how_many(
    client, ict_staffing, mkip_people, caplog
):
    client.force_login(mkip_people["swale_officer"])
    body = 'Service desk,SBC,Band 8,3.00,"£90,660",no\nGIS,SBC,Band 7,3,100380,no\n'
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(IMPORT, {"file": csv_file(body, name="swale-posts.csv")})
        assert import_log(caplog) == []  # a preview changes nothing, so it is not an import yet
        client.post(IMPORT, {"confirm": "yes"})
    assert import_log(caplog) == [
        (
            "INFO",
            "import-confirmed user=officer.sbc address=127.0.0.1 service=ict year=2012/13 kind=budget "
            "file='swale-posts.csv' councils=SBC posts_added=2 posts_replaced=6",
        )
    ]
    for cell in ("Service desk", "Band 8", "90,660", "90660", "100380"):
        assert cell not in caplog.text


def test_an_import_of_another_councils_posts_is_logged_as_refused(client, ict_staffing, mkip_people, caplog):
    client.force_login(mkip_people["swale_officer"])
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(IMPORT, {"file": csv_file("GIS,MBC,Grade 8,4.00,1,no\nGIS,SBC,Band 7,3,100380,no\n")})
    assert import_log(caplog) == [
        (
            "WARNING",
            "import-refused user=officer.sbc address=127.0.0.1 service=ict year=2012/13 kind=budget "
            "file='posts.csv' councils=MBC,SBC problems=1 reason=not-permitted not_permitted=MBC",
        )
    ]


def test_bad_rows_and_unreadable_files_are_logged_as_refused_without_their_contents(
    client, ict_staffing, mkip_people, caplog
):
    client.force_login(mkip_people["swale_officer"])
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(IMPORT, {"file": csv_file("Canteen,SBC,Band 8,3.00,100,no\nGIS,SBC,Band 7,1,tenner,maybe\n")})
        client.post(IMPORT, {"file": SimpleUploadedFile("posts.pdf", b"%PDF-secret")})
    assert import_log(caplog) == [
        (
            "WARNING",
            "import-refused user=officer.sbc address=127.0.0.1 service=ict year=2012/13 kind=budget "
            "file='posts.csv' councils=- problems=2 reason=problems",
        ),
        (
            "WARNING",
            "import-refused user=officer.sbc address=127.0.0.1 service=ict year=2012/13 kind=budget "
            "file='posts.pdf' reason=unreadable",
        ),
    ]
    for cell in ("Canteen", "tenner", "maybe", "secret"):
        assert cell not in caplog.text


def test_a_confirm_refused_because_someone_else_saved_is_logged(client, ict_staffing, mkip_people, caplog):
    client.force_login(mkip_people["swale_officer"])
    client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,100380,no\n")})
    Post.objects.filter(year=2012, kind="budget", council__code="SBC", team__name="GIS").update(version=5)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(IMPORT, {"confirm": "yes"})
    assert import_log(caplog) == [
        (
            "INFO",
            "import-not-saved user=officer.sbc address=127.0.0.1 service=ict year=2012/13 kind=budget "
            "file='posts.csv' councils=SBC reason=stale",
        )
    ]


def test_the_preview_counts_the_lines_replaced_and_imported_in_good_english(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    html = client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,100380,no\n")}).content.decode()
    assert "6 lines:" in html and "1 line: 3.00 FTE, £100,380.00" in html
    response = client.post(IMPORT, {"confirm": "yes"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Imported 1 post, replacing 6."]


def test_a_team_removed_after_the_preview_refuses_the_confirm_as_stale(client, ict_staffing, mkip_people, caplog):
    client.force_login(mkip_people["swale_officer"])
    client.post(IMPORT, {"file": csv_file("GIS,SBC,Band 7,3,100380,no\n")})
    Team.objects.filter(service=ict_staffing, name="GIS").update(name="Mapping")
    with caplog.at_level("INFO", logger="mkip.security"):
        html = client.post(IMPORT, {"confirm": "yes"}).content.decode()
    assert "The service’s teams or partners have changed since the preview" in html
    assert swale_count() == 6
    assert import_log(caplog)[0][1].endswith("councils=SBC reason=stale")
